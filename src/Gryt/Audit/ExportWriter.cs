using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>
/// Receives an export as a stream of records in document order; each format writes them out as
/// they come and keeps nothing. Methods a format has no use for do nothing.
/// </summary>
internal abstract class ExportWriter : IDisposable
{
    public abstract void Begin(ExportHeader header);

    public virtual void BeginGenerations() { }

    public abstract void BeginGeneration(ExportGeneration generation);

    public abstract void Change(ExportGeneration generation, ExportChange change);

    public virtual void BeginEvolutions(ExportGeneration generation) { }

    public abstract void BeginEvolution(ExportGeneration generation, ExportEvolution evolution);

    /// <summary>A step of <paramref name="run"/>; <paramref name="evolution"/> is null for a run bound to no evolution.</summary>
    public abstract void Step(ExportEvolution? evolution, ExportRun run, ExportStep step);

    /// <summary>Called once per run, after its steps: the metrics and artifacts it recorded follow.</summary>
    public virtual void BeginMetrics(ExportRun run) { }

    public abstract void Metric(ExportEvolution? evolution, ExportRun run, ExportMetric metric);

    public virtual void EndEvolution(ExportEvolution evolution) { }

    /// <summary>Called once per generation, after its evolutions.</summary>
    public virtual void BeginPolicyChecks(ExportGeneration generation) { }

    public abstract void PolicyCheck(ExportGeneration generation, ExportPolicyCheck check);

    public virtual void EndGeneration(ExportGeneration generation) { }

    public virtual void EndGenerations() { }

    public virtual void BeginRuns() { }

    public abstract void BeginRun(ExportRun run);

    public virtual void EndRun(ExportRun run) { }

    public virtual void EndRuns() { }

    public virtual void BeginEvents() { }

    public abstract void Event(Storage.StoredAuditEvent auditEvent);

    public virtual void EndEvents() { }

    public abstract void End(ExportHeader header);

    public abstract void Dispose();
}
