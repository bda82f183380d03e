namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>How an <c>ExternalIdentityExchanger</c> rule calls its service (our extension of upstream's rule).</summary>
/// <param name="Url">Absolute <c>http</c>/<c>https</c> URL the caller's identity is POSTed to (rule field <c>url</c>).</param>
/// <param name="Timeout">Per call (rule field <c>timeout</c>, Go duration, default 5s); then the request is denied.</param>
/// <param name="CacheTtl">How long an answer is reused for the same caller and cluster (rule field <c>cacheTTL</c>,
/// default 10s; <c>0</c> disables the cache).</param>
internal sealed record ExternalExchangeSettings(Uri Url, TimeSpan Timeout, TimeSpan CacheTtl)
{
    /// <summary>Default <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Default <see cref="CacheTtl"/> (the delegated authn/authz caches' default).</summary>
    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromSeconds(10);

    /// <summary>The URL without user info and query, for messages and logs (they may carry secrets).</summary>
    public string SafeUrl => $"{Url.Scheme}://{Url.Authority}{Url.AbsolutePath}";
}
