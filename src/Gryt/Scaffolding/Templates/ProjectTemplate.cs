namespace Gryt.Scaffolding.Templates;

/// <summary>
/// A project template of <c>gryt new</c>: its files are embedded in the library, its pipeline
/// uses built-in steps of <see cref="Toolchain"/>, and its first generation has one change.
/// </summary>
internal sealed record ProjectTemplate(
    string Name,
    string Description,
    string Toolchain,
    string Pipeline,
    string ChangeId,
    string ChangeTitle);
