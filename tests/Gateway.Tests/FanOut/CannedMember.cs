using System.Net;
using System.Text;
using ClusterGateway.Gateway.FanOut;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>A fan-out member that answers every request with the same status and body (a misbehaving cluster).</summary>
internal sealed class CannedMember(string cluster, HttpStatusCode code, string body) : IFanOutMember
{
    private int _requests;

    public string Cluster => cluster;

    public int Requests => Volatile.Read(ref _requests);

    public Task<FanOutReply> SendAsync(string query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var response = new HttpResponseMessage(code)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        return Task.FromResult(new FanOutReply(response, null));
    }
}
