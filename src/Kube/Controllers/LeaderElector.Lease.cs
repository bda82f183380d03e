using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Coordination;

namespace ClusterGateway.Kube.Controllers;

/// <content>Reading and writing the Lease (client-go <c>tryAcquireOrRenew</c> and <c>release</c>).</content>
public sealed partial class LeaderElector
{
    /// <summary>
    /// Reads the Lease and takes or renews it when allowed; true on success, and then the attempt's start (the instant
    /// written as <c>renewTime</c>) is where the renew deadline counts from. Errors and cancellation give false.
    /// </summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        var seconds = (int)Math.Max(1, Math.Ceiling(_options.LeaseDuration.TotalSeconds));
        try
        {
            Lease lease;
            try
            {
                lease = await _client.GetAsync<Lease>(ResourceKind.Leases, _options.Namespace, _options.Name, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (KubeApiException ex) when (ex.IsNotFound)
            {
                var created = new Lease
                {
                    Metadata = new ObjectMeta { Name = _options.Name, Namespace = _options.Namespace },
                    Spec = new LeaseSpec
                    {
                        HolderIdentity = _options.Identity, LeaseDurationSeconds = seconds,
                        AcquireTime = now, RenewTime = now, LeaseTransitions = 0,
                    },
                };
                Observe(await _client.CreateAsync(ResourceKind.Leases, _options.Namespace, created, cancellationToken)
                    .ConfigureAwait(false));
                _renewedTimestamp = started;
                return true;
            }

            if (!string.Equals(lease.Metadata.ResourceVersion, _observedResourceVersion, StringComparison.Ordinal))
            {
                Observe(lease);
            }

            var spec = lease.Spec;
            var held = !string.IsNullOrEmpty(spec.HolderIdentity);
            var ours = string.Equals(spec.HolderIdentity, _options.Identity, StringComparison.Ordinal);
            var duration = spec.LeaseDurationSeconds is { } d ? TimeSpan.FromSeconds(d) : _options.LeaseDuration;
            if (held && !ours && _time.GetElapsedTime(_observedTimestamp) < duration)
            {
                return false;
            }

            if (!ours)
            {
                spec.AcquireTime = now;
                spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + (held ? 1 : 0);
            }

            spec.HolderIdentity = _options.Identity;
            spec.LeaseDurationSeconds = seconds;
            spec.RenewTime = now;
            Observe(await _client.ReplaceAsync(ResourceKind.Leases, _options.Namespace, _options.Name, lease, cancellationToken)
                .ConfigureAwait(false));
            _renewedTimestamp = started;
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or TimeoutException)
        {
            ControllerLog.LeaseAttemptFailed(_logger, _options.Namespace, _options.Name, ex);
            return false;
        }
    }

    /// <summary>
    /// Gives the Lease up (empty holder, 1 s duration) when still ours, as client-go <c>release</c>; failures are logged.
    /// </summary>
    private async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lease = await _client.GetAsync<Lease>(ResourceKind.Leases, _options.Namespace, _options.Name, cancellationToken)
                .ConfigureAwait(false);
            if (!string.Equals(lease.Spec.HolderIdentity, _options.Identity, StringComparison.Ordinal))
            {
                return;
            }

            var now = _time.GetUtcNow();
            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.AcquireTime = now;
            lease.Spec.RenewTime = now;
            await _client.ReplaceAsync(ResourceKind.Leases, _options.Namespace, _options.Name, lease, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ControllerLog.LeaseAttemptTimedOut(_logger, _options.Namespace, _options.Name, AttemptTimeout);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or TimeoutException)
        {
            ControllerLog.LeaseAttemptFailed(_logger, _options.Namespace, _options.Name, ex);
        }
    }

    private void Observe(Lease lease)
    {
        _observedResourceVersion = lease.Metadata.ResourceVersion;
        _observedTimestamp = _time.GetTimestamp();
    }
}
