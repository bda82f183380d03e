using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ClusterGateway.Kube.Yaml;

/// <summary>
/// A YAML parser for text someone else controls (cluster manifests, kubeconfigs, proxy configurations): it passes
/// the events of <see cref="Parser"/> through and fails with a <see cref="YamlException"/> (carrying line and column,
/// which <see cref="Describe"/> puts into a message)
/// on anything that lets a small text cost unbounded time, memory or stack:
/// <list type="bullet">
/// <item>anchors and aliases (<c>&amp;a</c>, <c>*a</c>): an alias bomb (nested aliases, "billion laughs") expands a
/// few hundred bytes into gigabytes, and a self-referencing node loops for ever. Kubernetes objects and kubeconfigs
/// never need them; write the value out instead;</item>
/// <item>merge keys (<c>&lt;&lt;</c>, https://yaml.org/type/merge.html), which exist to merge aliases;</item>
/// <item>nesting deeper than <see cref="MaxDepth"/> mappings and sequences.</item>
/// </list>
/// </summary>
public sealed class StrictYamlParser : IParser
{
    /// <summary>
    /// 32: the deepest nesting of mappings and sequences accepted. A Secret manifest needs 3, a kubeconfig 6; the bound
    /// keeps recursive consumers (the converters, System.Text.Json's default depth of 64) far from their limits.
    /// </summary>
    public const int MaxDepth = 32;

    private readonly IParser _inner;

    // One frame per open collection: whether it is a mapping, and whether its next node is a key.
    private readonly Stack<(bool IsMapping, bool ExpectKey)> _open = new();

    /// <summary>Creates a parser over a text.</summary>
    /// <param name="input">The YAML (or JSON) text.</param>
    public StrictYamlParser(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _inner = new Parser(input);
    }

    /// <summary>Creates a parser over a text.</summary>
    /// <param name="text">The YAML (or JSON) text.</param>
    public StrictYamlParser(string text)
        : this(new StringReader(text ?? throw new ArgumentNullException(nameof(text))))
    {
    }

    /// <inheritdoc/>
    public ParsingEvent? Current => _inner.Current;

    /// <inheritdoc/>
    /// <exception cref="YamlException">Not YAML, or an anchor, alias, merge key or too deep a nesting.</exception>
    public bool MoveNext()
    {
        if (!_inner.MoveNext())
        {
            return false;
        }

        var current = _inner.Current!;
        switch (current)
        {
            case AnchorAlias alias:
                throw Refused(current, $"aliases (*{alias.Value}) are not allowed; write the value out instead");
            case NodeEvent { Anchor.IsEmpty: false } node:
                throw Refused(current, $"anchors (&{node.Anchor}) are not allowed; write the value out instead");
            case MappingEnd or SequenceEnd:
                _open.TryPop(out _);
                return true;
        }

        var isKey = false;
        if (current is NodeEvent && _open.TryPop(out var parent))
        {
            isKey = parent.IsMapping && parent.ExpectKey;
            _open.Push(parent with { ExpectKey = parent.IsMapping && !parent.ExpectKey });
        }

        switch (current)
        {
            case Scalar { Style: ScalarStyle.Plain, Value: "<<" } when isKey:
                throw Refused(current, "merge keys (<<) are not allowed; write the keys out instead");
            case MappingStart or SequenceStart:
                if (_open.Count == MaxDepth)
                {
                    throw Refused(current, $"mappings and sequences are nested more than {MaxDepth} levels deep");
                }

                _open.Push((current is MappingStart, true));
                break;
        }

        return true;
    }

    /// <summary>A YAML error for a message: where it is, then what (YamlDotNet's message leaves the position out).</summary>
    /// <param name="exception">The error.</param>
    /// <returns>E.g. <c>line 1, column 4: anchors (&amp;a) are not allowed; write the value out instead</c>.</returns>
    public static string Describe(YamlException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        return exception.Start.Line > 0
            ? $"line {exception.Start.Line}, column {exception.Start.Column}: {exception.Message}"
            : exception.Message;
    }

    private static YamlException Refused(ParsingEvent at, string message) => new(at.Start, at.End, message);
}
