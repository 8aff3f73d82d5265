using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Operations.Jobs;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Operations;
using LongRunningService.Services.Paging;

namespace LongRunningService.Services.Vertex;

/// <summary>
/// <c>GetNasTrialDetail</c> and <c>ListNasTrialDetails</c>: the search trials a
/// NAS job has run so far, named <c>{nas_job}/nasTrialDetails/{trial_id}</c>.
/// Trials only ever grow in number, so a page token is the count already shown.
/// </summary>
internal sealed class NasTrialDetails(JobEngine engine, PageTokenCodec pageTokens, OperationsServiceOptions paging)
{
    private const string Collection = "nasTrialDetails";

    public Func<IMessage, ServerCallContext, Task<IMessage>> Get(MethodDescriptor method, JobResourceType nasType) => (request, context) =>
    {
        var name = (string)request.Descriptor.FindFieldByName("name").Accessor.GetValue(request);
        var marker = $"/{Collection}/";
        var split = name.LastIndexOf(marker, StringComparison.Ordinal);
        if (split < 0)
        {
            VertexNames.RequireResource(string.Empty, "name", Collection, "NasTrialDetail");
        }

        var jobName = VertexNames.RequireResource(split < 0 ? name : name[..split], "name", nasType.Collection, nasType.Kind);
        var detail = Details(method.OutputType, nasType, jobName).FirstOrDefault(d => Name(d) == name)
            ?? throw RpcErrors.NotFound("aiplatform.googleapis.com/NasTrialDetail", name, "NasTrialDetail");
        return Task.FromResult(detail);
    };

    public Func<IMessage, ServerCallContext, Task<IMessage>> List(MethodDescriptor method, JobResourceType nasType)
    {
        var itemsField = method.OutputType.Fields.InDeclarationOrder().First(f => f.IsRepeated && f.FieldType == FieldType.Message);
        var detailType = itemsField.MessageType;
        return (request, context) =>
        {
            var parent = VertexNames.RequireResource(Text(request, "parent"), "parent", nasType.Collection, nasType.Kind);
            var pageSize = PageSize.Resolve((int)request.Descriptor.FindFieldByName("page_size").Accessor.GetValue(request), paging.DefaultPageSize, paging.MaxPageSize);
            var after = (int)pageTokens.Decode(Text(request, "page_token"), parent);
            var details = Details(detailType, nasType, parent);
            var response = method.OutputType.Parser.ParseFrom(ByteString.Empty);
            var items = (IList)itemsField.Accessor.GetValue(response);
            foreach (var detail in details.Skip(after).Take(pageSize))
            {
                items.Add(detail);
            }

            if (after + pageSize < details.Count)
            {
                method.OutputType.FindFieldByName("next_page_token").Accessor.SetValue(response, pageTokens.Encode(after + pageSize, parent));
            }

            return Task.FromResult(response);
        };
    }

    // Each search trial of the job's output, as a NasTrialDetail of the requested API version.
    private List<IMessage> Details(MessageDescriptor detailType, JobResourceType nasType, string jobName)
    {
        var job = engine.Get(jobName) is { } found && found.Type.Collection == nasType.Collection
            ? found
            : throw RpcErrors.NotFound(nasType.ResourceTypeName, jobName, nasType.Kind);
        var snapshot = job.Snapshot;
        var output = snapshot.Descriptor.FindFieldByName("nas_job_output").Accessor.GetValue(snapshot) as IMessage;
        var multiTrial = output?.Descriptor.FindFieldByName("multi_trial_job_output").Accessor.GetValue(output) as IMessage;
        if (multiTrial is null)
        {
            return [];
        }

        var trialField = detailType.FindFieldByName("search_trial");
        var details = new List<IMessage>();
        foreach (IMessage trial in (IList)multiTrial.Descriptor.FindFieldByName("search_trials").Accessor.GetValue(multiTrial))
        {
            var detail = detailType.Parser.ParseFrom(ByteString.Empty);
            var id = (string)trial.Descriptor.FindFieldByName("id").Accessor.GetValue(trial);
            detailType.FindFieldByName("name").Accessor.SetValue(detail, $"{jobName}/{Collection}/{id}");
            detailType.FindFieldByName("parameters").Accessor.SetValue(detail, "{}");
            trialField.Accessor.SetValue(detail, trialField.MessageType.Parser.ParseFrom(trial.ToByteArray()));
            details.Add(detail);
        }

        return details;
    }

    private static string Name(IMessage detail) => (string)detail.Descriptor.FindFieldByName("name").Accessor.GetValue(detail);

    private static string Text(IMessage message, string field) => (string)message.Descriptor.FindFieldByName(field).Accessor.GetValue(message);
}
