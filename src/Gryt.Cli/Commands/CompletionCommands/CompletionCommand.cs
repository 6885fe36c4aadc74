using System.CommandLine;

namespace Gryt.Cli.Commands.CompletionCommands;

internal sealed record CompletionOptions(string Shell);

/// <summary>
/// <c>gryt completion bash|zsh|pwsh</c>: prints a script that completes commands, options and the
/// project's values (versions, change ids, pipeline names, templates). Each script asks gryt itself
/// through System.CommandLine's <c>[suggest:POSITION]</c> directive, so it never goes stale.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command("completion", "Print a shell completion script: source <(gryt completion bash)") { shell };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new CompletionOptions(result.GetValue(shell)!), environment)));
        return command;
    }

    public static int Run(CompletionOptions options, CliEnvironment environment)
    {
        environment.Out.Write(options.Shell switch
        {
            "bash" => Bash,
            "zsh" => Zsh,
            _ => PowerShell,
        });
        return ExitCodes.Ok;
    }

    internal const string Bash = """
        # gryt completion for bash. Load it in ~/.bashrc with:
        #   source <(gryt completion bash)
        _gryt_complete() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local word="${COMP_WORDS[COMP_CWORD]}"
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(gryt "[suggest:${#line}]" "$line" 2>/dev/null)" -- "$word"))
        }
        complete -o default -F _gryt_complete gryt

        """;

    internal const string Zsh = """
        #compdef gryt
        # gryt completion for zsh. Load it in ~/.zshrc (after compinit) with:
        #   source <(gryt completion zsh)
        _gryt() {
            local line="${BUFFER[1,CURSOR]}"
            local -a items
            items=("${(@f)$(gryt "[suggest:${#line}]" "$line" 2>/dev/null)}")
            compadd -- "${items[@]}"
        }
        compdef _gryt gryt

        """;

    internal const string PowerShell = """
        # gryt completion for PowerShell. Load it in $PROFILE with:
        #   gryt completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName gryt -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString()
            $position = $cursorPosition - $commandAst.Extent.StartOffset
            if ($position -gt $line.Length) { $line = $line.PadRight($position) }
            gryt "[suggest:$position]" "$line" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
