using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Gryt.Server.Keys;
using Gryt.Server.Storage;
using Gryt.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gryt.Server.Tests.TestSupport;

/// <summary>A real gryt-server on a real socket (Kestrel on 127.0.0.1:0) over a fresh SQLite file or PostgreSQL database.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory? _folder;
    private readonly PostgresDatabase? _postgres;

    private TestServer(WebApplication app, string database, TempDirectory? folder, PostgresDatabase? postgres, LogCollector logs)
    {
        _app = app;
        Database = database;
        _folder = folder;
        _postgres = postgres;
        Logs = logs;
        Store = app.Services.GetRequiredService<ServerDatabase>();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.TrimEnd('/') + "/");
    }

    public Uri Address { get; }

    /// <summary>The <c>--database</c> value: a file path or a connection string.</summary>
    public string Database { get; }

    public ServerDatabase Store { get; }

    public LogCollector Logs { get; }

    public static async Task<TestServer> StartAsync(string store)
    {
        TempDirectory? folder = null;
        PostgresDatabase? postgres = null;
        string database;
        if (store == Stores.Postgres)
        {
            postgres = await Stores.NewPostgresAsync();
            database = postgres.ConnectionString;
        }
        else
        {
            folder = new TempDirectory();
            database = folder.Combine("server.db");
        }

        var logs = new LogCollector();
        var app = await ServerApp.BuildAsync(database, "http://127.0.0.1:0", builder => builder.Logging.AddProvider(logs));
        await app.StartAsync();
        return new TestServer(app, database, folder, postgres, logs);
    }

    public async Task<string> KeyAsync(string project, Role role, string name) =>
        (await ApiKeys.CreateAsync(Store, project, role, name, "2026-01-01T00:00:00.000Z", CancellationToken.None)).Key;

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<long> CountAsync(string table, string? project = null)
    {
        await using var connection = await Store.OpenAsync(CancellationToken.None);
        var where = project is null ? "" : " WHERE project = @p";
        return Convert.ToInt64(await Sql.ScalarAsync(connection, null, $"SELECT COUNT(*) FROM {table}{where}", CancellationToken.None, ("@p", project)),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder?.Dispose();
    }
}

/// <summary>Request bodies the tests send.</summary>
internal static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<System.Text.Json.JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var element = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return element;
    }
}
