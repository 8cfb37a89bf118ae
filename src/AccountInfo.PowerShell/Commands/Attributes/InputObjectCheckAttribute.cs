using System.Collections;
using System.Management.Automation;

namespace AccountInfo.Commands
{
    /// <summary>
    /// An input parameter's check of each object given (one, or each of a collection), which
    /// throws a message that names what is expected; what it accepts is handed back untouched.
    /// </summary>
    public abstract class InputObjectCheckAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value == null || IsAccepted(value)) return inputData;
            if (value is IEnumerable items && !(value is string) && !(value is IDictionary))
            {
                foreach (object item in items)
                {
                    if (item != null) Check(PSObject.AsPSObject(item));
                }
                return inputData;
            }
            Check(PSObject.AsPSObject(inputData));
            return inputData;
        }

        /// <summary>The parameter's own type, accepted without a look.</summary>
        protected abstract bool IsAccepted(object value);

        /// <exception cref="ArgumentTransformationMetadataException">the object cannot be taken, and why.</exception>
        protected abstract void Check(PSObject item);

        /// <summary>"a hashtable", "a String": how a message names what was given.</summary>
        protected static string Describe(PSObject item) => item.BaseObject is IDictionary ? "a hashtable" : "a " + item.BaseObject.GetType().Name;
    }
}
