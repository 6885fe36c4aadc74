using System.Globalization;
using Gryt.Contracts;
using Gryt.Storage;

namespace Gryt.Hotfixes;

/// <summary>
/// The one gate of a hotfix promotion: every change has at least one passing evolution. Failed
/// attempts are tolerated (a hotfix is often proven on the second try); no changes fails.
/// </summary>
public sealed class HotfixGate() : PromotionGate("hotfix")
{
    public override GateResult Check(Generation generation, IData data)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(data);
        var rows = data.Query(GateQueries.ChangeProofs, generation.GenerationId);
        if (rows.Count == 0) return new GateResult(false, "the hotfix declares no changes");
        var unproven = rows.Where(r => Convert.ToInt64(r["passed"], CultureInfo.InvariantCulture) == 0).Select(r => (string)r["change_id"]!).ToList();
        return unproven.Count == 0
            ? new GateResult(true, $"every change has a passing evolution ({string.Join(", ", rows.Select(r => (string)r["change_id"]!))})")
            : new GateResult(false, $"no passing evolution yet: {string.Join(", ", unproven)}", new() { ["unproven"] = unproven });
    }
}
