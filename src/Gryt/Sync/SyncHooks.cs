using Gryt.Project;
using Gryt.Storage;
using Gryt.Sync.Wire;

namespace Gryt.Sync;

/// <summary>
/// Where the other use cases meet the server, by mode (docs/sync.md): an rc number at evolution
/// start (hybrid while the server answers, cloud always), a finished run pushed at its end
/// (cloud), the promotion compare-and-swap before the local tag (cloud). In local mode every
/// hook is a no-op, and none of them touches the network.
/// </summary>
internal sealed class SyncHooks(GrytProject project, GrytDatabase database, GrytContext context, Func<string, string?> variable)
{
    private readonly SyncService _sync = new(project, database, context, variable);
    private SyncClient? _kept;

    public SyncMode Mode => _sync.Settings.Mode;

    /// <summary>
    /// The rc number the server gives <paramref name="evolutionId"/> (its contract pushed first), or null:
    /// local mode, or hybrid with the server out of reach (then with a warning saying so). In cloud mode
    /// an unreachable server is exit 5 and nothing is created.
    /// </summary>
    public async Task<(int? Number, string? Warning)> ReleaseCandidateAsync(string version, string evolutionId, CancellationToken cancellationToken)
    {
        if (Mode == SyncMode.Local) return (null, null);
        SyncClient? client = null;
        try
        {
            client = await _sync.ConnectAsync(cancellationToken);
            await _sync.PushContractAsync(client, version, cancellationToken);
            var answer = await client.AllocateRcAsync(version, evolutionId, cancellationToken);
            if (Mode == SyncMode.Cloud)
            {
                // Cloud pushes the new evolution next (PushGenerationAsync): over this connection, not a second one.
                _kept?.Dispose();
                _kept = client;
                client = null;
            }

            return (answer.RcNumber, null);
        }
        catch (GrytException ex) when (Mode == SyncMode.Hybrid && ex is GrytEnvironmentException or StaleRevisionException)
        {
            return (null, $"rc number taken locally, not from the sync server ({ex.Message}); push soon: a number the server gives another evolution meanwhile is a conflict then");
        }
        catch (GrytEnvironmentException ex) when (Mode == SyncMode.Cloud)
        {
            throw new GrytEnvironmentException($"evolution not started: sync mode is cloud and {ex.Message}", ex.Hint, ex);
        }
        finally
        {
            client?.Dispose();
        }
    }

    /// <summary>Cloud mode: pushes the generation's contract and records (a new evolution, a finished run); the local record stays whatever happens.</summary>
    public async Task PushGenerationAsync(string version, CancellationToken cancellationToken)
    {
        if (Mode != SyncMode.Cloud) return;
        using var kept = _kept;
        _kept = null;
        var result = await _sync.PushAsync(version, evolutionsOnly: false, cancellationToken, kept);
        if (result.Conflicts.Count > 0) throw new ConflictException("the run is recorded here but the sync server refused part of it: " + string.Join("; ", result.Conflicts));
    }

    /// <summary>
    /// With a server (hybrid or cloud): starts pushing run <paramref name="runId"/>'s progress while it
    /// goes on (<see cref="LiveRunPush"/>); null in local mode.
    /// </summary>
    public LiveRunPush? StartLive(string runId) => LiveRunPush.Start(_sync, database, runId, context.Clock);

    /// <summary>With a server (hybrid or cloud): approves the contract as pushed; null in local mode (the caller records it unauthenticated).</summary>
    public async Task<ApprovalResponse?> ApproveAsync(string version, CancellationToken cancellationToken)
    {
        if (Mode == SyncMode.Local) return null;
        using var client = await _sync.ConnectAsync(cancellationToken);
        var pushed = await _sync.PushContractAsync(client, version, cancellationToken);
        return await client.ApproveAsync(version, pushed.Revision ?? 0, cancellationToken);
    }

    /// <summary>
    /// Cloud mode: the server's compare-and-swap for promoting <paramref name="version"/> at <paramref name="commit"/>;
    /// returns only when the server said yes (exit 4 when another clone promoted first or the contract moved on).
    /// </summary>
    /// <returns>The server's yes (who it authorised), or null when this mode asks no server.</returns>
    public async Task<PromotionResponse?> PromoteAsync(string version, string commit, string tag, IReadOnlyList<string> evolutionIds, int requiredApprovals, CancellationToken cancellationToken)
    {
        if (Mode != SyncMode.Cloud) return null;
        using var client = await _sync.ConnectAsync(cancellationToken);
        var pushed = await _sync.PushContractAsync(client, version, cancellationToken);
        var records = await _sync.PushAsync(version, evolutionsOnly: true, cancellationToken, client);
        if (records.Conflicts.Count > 0) throw new ConflictException($"{version} not promoted: the sync server refused its proofs: " + string.Join("; ", records.Conflicts));
        return await client.PromoteAsync(version, new PromotionRequest(pushed.Revision ?? 0, commit, tag, evolutionIds, requiredApprovals), cancellationToken);
    }
}
