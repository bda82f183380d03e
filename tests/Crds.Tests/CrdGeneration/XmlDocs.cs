using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ClusterGateway.Crds.Tests.CrdGeneration;

/// <summary>
/// Reads <c>&lt;summary&gt;</c> texts from the XML documentation files the build writes next to each assembly
/// (<c>GenerateDocumentationFile</c>), as plain text: <c>&lt;c&gt;x&lt;/c&gt;</c> becomes <c>x</c>,
/// <c>&lt;see cref="T:A.B"/&gt;</c> becomes <c>B</c>, whitespace is collapsed.
/// </summary>
internal sealed partial class XmlDocs
{
    private readonly Dictionary<Assembly, Dictionary<string, XElement>> _byAssembly = [];

    public string? Summary(PropertyInfo property) =>
        Summary(property.DeclaringType!.Assembly, "P:" + property.DeclaringType.FullName!.Replace('+', '.') + "." + property.Name);

    public string? Summary(Type type) => Summary(type.Assembly, "T:" + type.FullName!.Replace('+', '.'));

    private string? Summary(Assembly assembly, string memberId)
    {
        if (assembly.GetName().Name?.StartsWith("ClusterGateway.", StringComparison.Ordinal) != true)
        {
            return null;
        }

        var members = Load(assembly);
        if (!members.TryGetValue(memberId, out var member) || member.Element("summary") is not { } summary)
        {
            return null;
        }

        var text = new StringBuilder();
        Append(summary, text);
        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    private static void Append(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(t.Value);
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    var reference = (string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? see.Value;
                    text.Append(reference[(reference.LastIndexOf('.') + 1)..]);
                    break;
                case XElement e:
                    Append(e, text);
                    break;
            }
        }
    }

    private Dictionary<string, XElement> Load(Assembly assembly)
    {
        if (!_byAssembly.TryGetValue(assembly, out var members))
        {
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"XML documentation file not found; is GenerateDocumentationFile on? {path}", path);
            }

            members = XDocument.Load(path).Descendants("member")
                .ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);
            _byAssembly[assembly] = members;
        }

        return members;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
