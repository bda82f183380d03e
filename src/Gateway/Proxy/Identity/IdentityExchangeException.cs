namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// An identity exchange failed (the external service timed out, was unreachable, refused or answered nonsense).
/// The proxied request is denied: never forwarded with another identity (fail closed).
/// </summary>
/// <param name="message">What failed, naming the service URL (without query or user info).</param>
/// <param name="inner">The cause, if any.</param>
internal sealed class IdentityExchangeException(string message, Exception? inner = null) : Exception(message, inner);
