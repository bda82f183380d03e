namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// One cluster's plugin run in the <see cref="ExecCredentialCache"/>: pending (callers wait on <see cref="Issued"/>),
/// issued, or failed. A run belongs to the plugin <see cref="Key"/> it was started for.
/// </summary>
/// <param name="key">The <see cref="ExecPlugin.Key"/> it runs for.</param>
internal sealed class ExecCredentialRun(string key)
{
    private readonly TaskCompletionSource<IssuedCredential> _issued =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The plugin key.</summary>
    public string Key { get; } = key;

    /// <summary>Completes with the credential, or fails with the plugin's error.</summary>
    public Task<IssuedCredential> Issued => _issued.Task;

    /// <summary>Completes <see cref="Issued"/> when <paramref name="run"/> does (started once the run is stored).</summary>
    /// <param name="run">The running plugin.</param>
    public void Start(Task<IssuedCredential> run) => _ = run.ContinueWith(
        t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                _issued.TrySetResult(t.Result);
            }
            else if (t.IsCanceled)
            {
                _issued.TrySetCanceled();
            }
            else
            {
                _issued.TrySetException(t.Exception!.InnerExceptions);
                // Observed here: every waiter may have gone away.
                _ = _issued.Task.Exception;
            }
        },
        CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
