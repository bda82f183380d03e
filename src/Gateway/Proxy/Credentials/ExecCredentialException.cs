namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// An exec credential plugin could not be run or returned nothing usable. The message is client-go's wording where
/// client-go has one (k8s.io/client-go/plugin/pkg/client/auth/exec/exec.go), without the cluster or command, which
/// the caller adds: <c>cluster X: exec credential plugin "cmd" failed: {message}</c>.
/// </summary>
internal sealed class ExecCredentialException(string message) : Exception(message);
