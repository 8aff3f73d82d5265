using Google.Cloud.AIPlatform.V1;
using LongRunningService.Testing;

namespace Examples;

/// <summary>The README's .NET quick start, as it is written there.</summary>
public sealed class QuickStartTests
{
    [Fact]
    public async Task PipelineJob_CancelledWhileRunning_EndsCancelledWithCode1()
    {
        // quick-start:begin
        await using var emulator = await EmulatorHost.StartAsync(new() { PauseClock = true });
        var pipelines = new PipelineService.PipelineServiceClient(emulator.Channel);

        var job = await pipelines.CreatePipelineJobAsync(new CreatePipelineJobRequest
        {
            Parent = "projects/demo/locations/us-central1",
            PipelineJob = new PipelineJob { DisplayName = "nightly" },
        });
        await emulator.Control.AdvanceAsync(TimeSpan.FromSeconds(1));   // queued, pending, now running
        await pipelines.CancelPipelineJobAsync(new CancelPipelineJobRequest { Name = job.Name });
        do
        {
            await emulator.Control.AdvanceAsync(TimeSpan.FromSeconds(1));   // cancelling takes its time
            job = await pipelines.GetPipelineJobAsync(new GetPipelineJobRequest { Name = job.Name });
        }
        while (job.State == PipelineState.Cancelling);
        Assert.Equal(PipelineState.Cancelled, job.State);
        Assert.Equal(1, job.Error.Code);                                 // google.rpc.Code.CANCELLED
        // quick-start:end
    }
}
