using System.Collections;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Operations.Jobs;

/// <summary>
/// What the engine needs to know of a job resource message, read once from
/// its descriptor: its resource type and name pattern (google.api.resource),
/// its state enum, its time stamps, error, labels and the fields the server
/// owns (OUTPUT_ONLY). One engine thus serves every job family in v1 and v1beta1.
/// </summary>
internal sealed class JobResourceType
{
    private readonly FieldDescriptor _name;
    private readonly FieldDescriptor _state;
    private readonly FieldDescriptor? _createTime;
    private readonly FieldDescriptor? _startTime;
    private readonly FieldDescriptor? _endTime;
    private readonly FieldDescriptor? _updateTime;
    private readonly FieldDescriptor? _error;
    private readonly FieldDescriptor? _labels;
    private readonly IReadOnlyList<FieldDescriptor> _outputOnly;

    private JobResourceType(MessageDescriptor descriptor, ResourceDescriptor resource, FieldDescriptor name, FieldDescriptor state)
    {
        Descriptor = descriptor;
        ResourceTypeName = resource.Type;
        Pattern = resource.Pattern[0];
        var segments = Pattern.Split('/');
        Collection = segments[^2];
        _name = name;
        _state = state;
        _createTime = TimestampField(descriptor, "create_time");
        _startTime = TimestampField(descriptor, "start_time");
        _endTime = TimestampField(descriptor, "end_time");
        _updateTime = TimestampField(descriptor, "update_time");
        _error = descriptor.FindFieldByName("error") is { FieldType: FieldType.Message } error
            && error.MessageType.FullName == "google.rpc.Status" ? error : null;
        _labels = descriptor.FindFieldByName("labels") is { IsMap: true } labels ? labels : null;
        _outputOnly = descriptor.Fields.InDeclarationOrder().Where(IsOutputOnly).ToList();
        Output = Outputs.JobOutputWriters.For(this);
    }

    public MessageDescriptor Descriptor { get; }

    /// <summary>E.g. <c>aiplatform.googleapis.com/PipelineJob</c>.</summary>
    public string ResourceTypeName { get; }

    /// <summary>E.g. <c>projects/{project}/locations/{location}/pipelineJobs/{pipeline_job}</c>.</summary>
    public string Pattern { get; }

    /// <summary>E.g. <c>pipelineJobs</c>.</summary>
    public string Collection { get; }

    /// <summary>E.g. <c>PipelineJob</c>.</summary>
    public string Kind => Descriptor.Name;

    public EnumDescriptor StateEnum => _state.EnumType;

    /// <summary>What the family shows of its progress (trials, tasks), or null.</summary>
    public Outputs.IJobOutputWriter? Output { get; }

    /// <summary>
    /// The adapter for a resource message that looks like a Vertex job: a
    /// google.api.resource under projects/*/locations/*, a string name and a
    /// state enum with Vertex's job states. Null for any other message.
    /// </summary>
    public static JobResourceType? TryCreate(MessageDescriptor descriptor)
    {
        var options = descriptor.GetOptions();
        var resource = options?.GetExtension(ResourceExtensions.Resource);
        if (resource is null || resource.Pattern.Count == 0
            || !resource.Pattern[0].StartsWith("projects/{project}/locations/{location}/", StringComparison.Ordinal)
            || resource.Pattern[0].Split('/').Length != 6)
        {
            return null;
        }

        if (descriptor.FindFieldByName("name") is not { FieldType: FieldType.String } name
            || descriptor.FindFieldByName("state") is not { FieldType: FieldType.Enum } state
            || state.EnumType.FindValueByNumber((int)JobLifecycleState.Cancelling) is null
            || state.EnumType.FindValueByNumber((int)JobLifecycleState.Cancelled) is null)
        {
            return null;
        }

        return new JobResourceType(descriptor, resource, name, state);
    }

    /// <summary>The enum value name of a state, e.g. <c>PIPELINE_STATE_RUNNING</c>.</summary>
    public string StateName(JobLifecycleState state) => StateEnum.FindValueByNumber((int)state).Name;

    /// <summary>Every state name, for filters.</summary>
    public IEnumerable<string> StateNames => StateEnum.Values.Select(v => v.Name);

    /// <summary>Clears every field the server owns, so clients cannot set them.</summary>
    public void ClearOutputOnly(IMessage resource)
    {
        foreach (var field in _outputOnly)
        {
            field.Accessor.Clear(resource);
        }
    }

    public IReadOnlyDictionary<string, string> Labels(IMessage resource)
    {
        if (_labels is null)
        {
            return new Dictionary<string, string>();
        }

        var map = (IDictionary)_labels.Accessor.GetValue(resource);
        var labels = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in map)
        {
            labels[(string)entry.Key] = (string)entry.Value!;
        }

        return labels;
    }

    public string? GetString(IMessage resource, string field) =>
        Descriptor.FindFieldByName(field) is { FieldType: FieldType.String } descriptor
            ? (string)descriptor.Accessor.GetValue(resource)
            : null;

    /// <summary>Writes the server-owned status of a job into a copy of its resource.</summary>
    public void Apply(IMessage resource, JobStatus status)
    {
        _name.Accessor.SetValue(resource, status.Name);
        _state.Accessor.SetValue(resource, System.Enum.ToObject(_state.EnumType.ClrType, (int)status.State));
        SetTime(resource, _createTime, status.CreateTime);
        SetTime(resource, _startTime, status.StartTime);
        SetTime(resource, _endTime, status.EndTime);
        SetTime(resource, _updateTime, status.UpdateTime);
        if (_error is not null)
        {
            if (status.Error is null)
            {
                _error.Accessor.Clear(resource);
            }
            else
            {
                _error.Accessor.SetValue(resource, status.Error);
            }
        }
    }

    /// <summary>
    /// The server-owned status a resource shows, to load a job as it was;
    /// throws <see cref="FormatException"/> when its state is not one the engine runs.
    /// </summary>
    public JobStatus ReadStatus(IMessage resource, DateTimeOffset now)
    {
        var state = (JobLifecycleState)Convert.ToInt32(_state.Accessor.GetValue(resource), System.Globalization.CultureInfo.InvariantCulture);
        if (state is JobLifecycleState.Unspecified || !System.Enum.IsDefined(state))
        {
            var runnable = System.Enum.GetValues<JobLifecycleState>().Where(s => s != JobLifecycleState.Unspecified).Select(StateName);
            throw new FormatException($"its state must be one of {string.Join(", ", runnable)}, not {StateEnum.FindValueByNumber((int)state)?.Name ?? ((int)state).ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        var created = GetTime(resource, _createTime) ?? now;
        return new JobStatus(
            (string)_name.Accessor.GetValue(resource),
            state,
            created,
            GetTime(resource, _startTime),
            GetTime(resource, _endTime) ?? (state.IsTerminal() ? now : null),
            GetTime(resource, _updateTime) ?? created,
            _error is not null && _error.Accessor.HasValue(resource) ? (Google.Rpc.Status)_error.Accessor.GetValue(resource) : null);
    }

    private static DateTimeOffset? GetTime(IMessage resource, FieldDescriptor? field) =>
        field is not null && field.Accessor.HasValue(resource) ? ((Timestamp)field.Accessor.GetValue(resource)).ToDateTimeOffset() : null;

    private static void SetTime(IMessage resource, FieldDescriptor? field, DateTimeOffset? time)
    {
        if (field is null)
        {
            return;
        }

        if (time is { } value)
        {
            field.Accessor.SetValue(resource, Timestamp.FromDateTimeOffset(value));
        }
        else
        {
            field.Accessor.Clear(resource);
        }
    }

    private static FieldDescriptor? TimestampField(MessageDescriptor descriptor, string name) =>
        descriptor.FindFieldByName(name) is { FieldType: FieldType.Message } field
            && field.MessageType.FullName == Timestamp.Descriptor.FullName ? field : null;

    private static bool IsOutputOnly(FieldDescriptor field)
    {
        var behaviors = field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior);
        return behaviors is not null && behaviors.Contains(FieldBehavior.OutputOnly);
    }
}
