using LibraryMetadata = Grpc.Core.Metadata;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>Our metadata onto Grpc.Core's, for calls the library serves.</summary>
internal static class ServedMetadata
{
    public static LibraryMetadata ToLibrary(Metadata metadata)
    {
        var converted = new LibraryMetadata();
        CopyTo(metadata, converted);
        return converted;
    }

    public static void CopyTo(Metadata metadata, LibraryMetadata target)
    {
        foreach (var entry in metadata)
        {
            if (entry.ValueBytes is { } bytes)
            {
                target.Add(entry.Key, bytes);
            }
            else
            {
                target.Add(entry.Key, entry.Value ?? string.Empty);
            }
        }
    }
}
