return await Gryt.Server.ServerCommandLine.RunAsync(args, Console.Out, Console.Error);
