using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace LongRunningService.Hosting;

/// <summary>
/// The page that watches and steers the emulator, at <c>/emulator/</c>: plain
/// HTML, CSS and JavaScript embedded in this assembly, so the server serves it
/// from wherever it runs. Its files need no token; the page shows nothing until
/// its calls to the control API, which do, succeed.
/// </summary>
internal static class WebPage
{
    /// <summary>Where the page lives; the control API's REST paths start with <c>/emulator/v1</c>, which no file is named.</summary>
    public const string Path = "/emulator";

    public static IApplicationBuilder UseWebPage(this IApplicationBuilder app)
    {
        // Reading the manifest loads an XML parser: left to the first request for the page, off the start-up path.
        var files = new LazyFileProvider(() => new ManifestEmbeddedFileProvider(Assembly.GetExecutingAssembly(), "WebPage"));
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            {
                if (path.Equals(Path, StringComparison.Ordinal))
                {
                    context.Response.Redirect(Path + "/");
                    return Task.CompletedTask;
                }

                if (path.Equals(Path + "/", StringComparison.Ordinal))
                {
                    context.Request.Path = Path + "/index.html";
                }
            }

            return next(context);
        });
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                // The files change with the server: browsers keep them but ask again each time (ETag).
                context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
                context.Context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            },
        });
    }

    /// <summary>A file provider made on first use.</summary>
    private sealed class LazyFileProvider(Func<IFileProvider> create) : IFileProvider
    {
        private readonly Lazy<IFileProvider> _files = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

        public IDirectoryContents GetDirectoryContents(string subpath) => _files.Value.GetDirectoryContents(subpath);

        public IFileInfo GetFileInfo(string subpath) => _files.Value.GetFileInfo(subpath);

        public Microsoft.Extensions.Primitives.IChangeToken Watch(string filter) => _files.Value.Watch(filter);
    }
}
