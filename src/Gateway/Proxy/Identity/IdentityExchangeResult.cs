namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>What <see cref="IdentityExchanger"/> decided for one request.</summary>
/// <param name="Identity">Who to impersonate; <see langword="null"/>: nobody (a Privileged rule matched), the request
/// runs as the cluster's credential.</param>
/// <param name="Rule">The matching rule's name; <see langword="null"/> when no rule matched (the caller is impersonated).</param>
/// <param name="Origin"><c>cluster</c>, <c>global</c> or <c>default</c>: where the decision came from.</param>
internal sealed record IdentityExchangeResult(ImpersonatedIdentity? Identity, string? Rule, string Origin);
