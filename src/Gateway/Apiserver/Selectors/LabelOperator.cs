namespace ClusterGateway.Gateway.Apiserver.Selectors;

/// <summary>Operators of a label selector requirement (apimachinery <c>pkg/selection/operator.go</c>).</summary>
internal enum LabelOperator
{
    /// <summary><c>key</c>: the label is set.</summary>
    Exists,

    /// <summary><c>!key</c>: the label is not set.</summary>
    DoesNotExist,

    /// <summary><c>key=value</c> or <c>key==value</c>.</summary>
    Equals,

    /// <summary><c>key!=value</c>: not set, or set to another value.</summary>
    NotEquals,

    /// <summary><c>key in (a,b)</c>.</summary>
    In,

    /// <summary><c>key notin (a,b)</c>: not set, or set to a value outside the set.</summary>
    NotIn,

    /// <summary><c>key&gt;n</c>: set to an integer greater than n.</summary>
    GreaterThan,

    /// <summary><c>key&lt;n</c>: set to an integer less than n.</summary>
    LessThan,
}
