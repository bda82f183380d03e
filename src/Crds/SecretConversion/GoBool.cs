namespace ClusterGateway.Crds.SecretConversion;

/// <summary>Go's <c>strconv.ParseBool</c>, which upstream uses for the <c>healthy</c> annotation.</summary>
public static class GoBool
{
    /// <summary>
    /// <c>1 t T TRUE true True</c> are true, <c>0 f F FALSE false False</c> are false, anything else fails
    /// (https://pkg.go.dev/strconv#ParseBool).
    /// </summary>
    public static bool TryParse(string? text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
