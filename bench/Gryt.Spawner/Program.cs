// Starts `bash -c COMMAND` N times, one after another, with stdout and stderr redirected and
// drained, as gryt runs N steps: what is left of gryt's time beyond this is gryt's own.
// Usage: Gryt.Spawner N [COMMAND]
using System.Diagnostics;
using System.Globalization;

var count = int.Parse(args[0], CultureInfo.InvariantCulture);
var command = args.Length > 1 ? args[1] : "true";
for (var i = 0; i < count; i++)
{
    var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    start.ArgumentList.Add("-c");
    start.ArgumentList.Add(command);
    using var process = Process.Start(start)!;
    var stderr = process.StandardError.ReadToEndAsync();
    await process.StandardOutput.ReadToEndAsync();
    await stderr;
    await process.WaitForExitAsync();
}

return 0;
