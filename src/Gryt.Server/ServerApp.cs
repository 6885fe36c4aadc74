using Microsoft.AspNetCore.DataProtection;
using Gryt.Server.Api;
using Gryt.Server.Storage;

namespace Gryt.Server;

/// <summary>Builds the web application: Kestrel limits, the database, the middleware, the routes, OpenAPI.</summary>
internal static class ServerApp
{
    public const long MaxBodyBytes = 8 * 1024 * 1024;
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>A migrated, ready application; <paramref name="configure"/> lets tests add a logger or a clock.</summary>
    public static async Task<WebApplication> BuildAsync(string database, string urls, Action<WebApplicationBuilder>? configure = null, CancellationToken token = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        // Refusals and failures, not every request (ApiMiddleware logs those).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var store = new ServerDatabase(SqlDialect.For(database));
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<Keys.KeyCache>();
        builder.Services.AddSingleton<Web.WebSessions>();
        builder.Services.AddSingleton<Web.ReadModel>();
        builder.Services.AddRazorComponents();
        // Razor components bring antiforgery, which wants a data-protection key ring; the dashboard
        // uses neither (docs/decisions.md), so the ring stays in memory and nothing is written to ~/.aspnet.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, Gryt.Sync.Wire.SyncJsonContext.Default));
        builder.Services.AddOpenApi("v1");
        configure?.Invoke(builder);

        await store.MigrateAsync(token);
        var app = builder.Build();
        app.UseMiddleware<ApiMiddleware>();
        app.MapOpenApi("/openapi/{documentName}.json");
        Endpoints.Map(app);
        Web.WebRoutes.Map(app);
        return app;
    }

    /// <summary>Where the server keeps its SQLite file when no <c>--database</c> is given.</summary>
    public static string DefaultDatabase()
    {
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data)) data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        var folder = Path.Combine(data, "gryt-server");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "gryt-server.db");
    }
}
