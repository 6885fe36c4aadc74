using System.Xml;

namespace Gryt.Steps.Reports;

/// <summary>
/// Turns a test or coverage report named in a step's <c>reports:</c> into metrics: JUnit XML and
/// TRX give <c>tests_total</c>, <c>tests_failed</c> (failures and errors) and <c>tests_skipped</c>;
/// Cobertura, LCOV, istanbul's coverage-summary.json and Go coverage profiles give <c>coverage</c> in percent. The format is recognised by content, not by
/// file name.
/// </summary>
internal static class ReportParser
{
    public const string TestsTotal = "tests_total";
    public const string TestsFailed = "tests_failed";
    public const string TestsSkipped = "tests_skipped";
    public const string Coverage = "coverage";

    /// <summary>Reads the report at <paramref name="path"/>. A missing, unreadable, unknown or
    /// malformed report throws <see cref="InvalidInputException"/> naming the path (and, for XML,
    /// the line and column, as an <see cref="InvalidFileException"/>).</summary>
    public static IReadOnlyList<(string Name, double Value)> Parse(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException($"report {path} does not exist", "check the step's reports: paths and that the step writes them");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"report {path} cannot be read: {e.Message}");
        }

        if (FirstCharacter(bytes) == '<')
        {
            return ParseXml(bytes, path);
        }

        if (FirstCharacter(bytes) == '{')
        {
            return IstanbulSummary.Parse(bytes, path);
        }

        if (GoCoverProfile.Is(bytes))
        {
            return GoCoverProfile.Parse(bytes, path);
        }

        return Lcov.Parse(bytes, path);
    }

    private static char? FirstCharacter(byte[] bytes)
    {
        var start = bytes.AsSpan();
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            start = start[3..];
        }

        foreach (var b in start)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return (char)b;
        }

        return null;
    }

    /// <summary>XML without DTDs or external entities: a report cannot make gryt read other files (XXE).</summary>
    internal static XmlReader CreateReader(Stream stream) => XmlReader.Create(stream, new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    });

    private static IReadOnlyList<(string Name, double Value)> ParseXml(byte[] bytes, string path)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = CreateReader(stream);
        try
        {
            reader.MoveToContent();
            return reader.LocalName switch
            {
                "testsuites" or "testsuite" => JUnit.Parse(reader, path),
                "TestRun" => Trx.Parse(reader, path),
                "coverage" => Cobertura.Parse(reader, path),
                var other => throw new InvalidFileException(path, Line(reader), Column(reader),
                    $"<{other}> is not the root of a JUnit XML, TRX or Cobertura report"),
            };
        }
        catch (XmlException e)
        {
            // Some errors (a prohibited DTD) carry no position.
            var (line, column) = e.LineNumber > 0 ? (e.LineNumber, e.LinePosition) : (Line(reader), Column(reader));
            throw line > 0
                ? new InvalidFileException(path, line, column, $"malformed XML report: {FirstSentence(e.Message)}")
                : new InvalidInputException($"{path}: malformed XML report: {FirstSentence(e.Message)}");
        }
    }

    internal static int Line(XmlReader reader) => (reader as IXmlLineInfo)?.LineNumber ?? 0;

    internal static int Column(XmlReader reader) => (reader as IXmlLineInfo)?.LinePosition ?? 0;

    internal static double Number(XmlReader reader, string attribute, string path)
    {
        var text = reader.GetAttribute(attribute);
        if (text is null)
        {
            return 0;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0
            ? value
            : throw new InvalidFileException(path, Line(reader), Column(reader), $"attribute {attribute}=\"{text}\" of <{reader.LocalName}> is not a number");
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Line ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.', ',', ' ');
    }
}
