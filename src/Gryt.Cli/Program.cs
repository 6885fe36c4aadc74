using Gryt.Cli;

return GrytApp.Run(args, CliEnvironment.FromProcess());
