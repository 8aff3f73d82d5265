using LongRunningService.Hosting;

var app = ServerApplication.Build(args);
app.Run();
