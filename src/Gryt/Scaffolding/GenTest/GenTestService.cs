using System.Text;
using Gryt.Contracts;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Scaffolding.GenTest;

/// <summary>What gen-test did for one change.</summary>
internal sealed record GeneratedPipeline(string ChangeId, string FilePath, bool Written, string? SkippedBecause);

/// <summary>
/// <c>gryt generation gen-test</c>: writes one validation pipeline per change and links the change
/// to it in the generation file (then syncs the database). Never overwrites without force.
/// </summary>
internal sealed class GenTestService(GrytProject project, GrytDatabase database, GrytContext context)
{
    /// <summary>Writes the scaffolds (all changes when <paramref name="changeIds"/> is null); <paramref name="libraryReference"/>
    /// is the directive a C# pipeline uses to reference the Gryt library.</summary>
    public IReadOnlyList<GeneratedPipeline> Generate(string versionText, IReadOnlyList<string>? changeIds, PipelineFileFormat format, bool force, string libraryReference)
    {
        var contracts = new ContractService(project, database, context);
        contracts.EnsureSynced(versionText);
        var details = contracts.Show(versionText);
        var generation = details.Generation;
        if (generation.Status != GenerationStatus.Draft)
        {
            throw new ConflictException($"generation {generation.Version} is {generation.Status.ToWord()}; its contract is frozen");
        }

        var version = SemanticVersion.Parse(generation.Version);
        var contractPath = project.GenerationFile(version);
        var contract = ContractFile.Load(contractPath, project.Shown(contractPath), version);
        List<ChangeDefinition> selected;
        if (changeIds is null)
        {
            selected = [.. contract.Changes];
            if (selected.Count == 0) throw new InvalidInputException($"{generation.Version} declares no changes yet", $"declare them in {project.Shown(contractPath)}");
        }
        else
        {
            if (changeIds.Count == 0) throw new InvalidInputException("name the changes with --change ID, or use --all");
            selected = changeIds.Distinct(StringComparer.Ordinal).Select(id => contract.Changes.FirstOrDefault(c => c.Id == id)
                ?? throw new NotFoundException($"change {SemanticVersion.Printable(id)} is not in {generation.Version}",
                    "its changes: " + string.Join(", ", contract.Changes.Select(c => c.Id)))).ToList();
        }

        var results = new List<GeneratedPipeline>();
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(contractPath));
        var edited = text;
        var files = new List<(string Path, string Content)>();
        foreach (var change in selected)
        {
            var fileName = ValidationPipelines.FileName(generation.Version, change.Id, format);
            var path = Path.Combine(project.PipelinesFolder, fileName);
            if (!force && File.Exists(path))
            {
                results.Add(new GeneratedPipeline(change.Id, path, false, $"{project.Shown(path)} exists (use --force to overwrite)"));
                continue;
            }

            if (!force && change.Pipeline is not null && change.Pipeline != fileName)
            {
                results.Add(new GeneratedPipeline(change.Id, path, false, $"already linked to {change.Pipeline} (use --force to replace the link)"));
                continue;
            }

            files.Add((path, ValidationPipelines.Render(generation.Version, change, format, libraryReference)));
            edited = ContractFileEditor.SetPipeline(edited, change.Id, fileName);
            results.Add(new GeneratedPipeline(change.Id, path, true, null));
        }

        if (files.Count == 0) return results;

        // Check the edited contract before anything is written.
        ContractFile.Parse(Encoding.UTF8.GetBytes(edited), project.Shown(contractPath), version);
        Directory.CreateDirectory(project.PipelinesFolder);
        foreach (var (path, _) in files) OutputFile.Check(project, path, project.Root, ownFolder: project.PipelinesFolder);
        foreach (var (path, content) in files) OutputFile.WriteText(path, content);
        if (edited != text)
        {
            var temporary = contractPath + ".tmp";
            File.WriteAllText(temporary, edited);
            File.Move(temporary, contractPath, overwrite: true);
        }

        contracts.Sync(versionText);
        return results;
    }
}
