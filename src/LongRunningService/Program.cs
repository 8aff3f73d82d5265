using LongRunningService.Hosting;

return ServerCommand.Run(args, Console.Out, Console.Error);
