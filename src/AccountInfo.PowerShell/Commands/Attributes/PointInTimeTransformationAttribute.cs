using System;
using System.Globalization;
using System.Management.Automation;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Lets a DateTime parameter take a moment as a date, or as a duration from now: a number of
    /// seconds (3600) or a TimeSpan (New-TimeSpan -Days 90). Without it PowerShell reads 3600 as
    /// 3,600 ticks after the year 1.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class PointInTimeTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>A bound moment as a DateTimeOffset: a date typed without a zone is local time, as PowerShell reads it.</summary>
        internal static DateTimeOffset Moment(DateTime value) =>
            new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Local) : value);

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            try
            {
                switch (value)
                {
                    case null:
                    case DateTime _:
                        return value;
                    case DateTimeOffset moment:
                        return moment.UtcDateTime;
                    case TimeSpan span:
                        return DateTime.UtcNow.Add(span);
                    case int _:
                    case long _:
                    case short _:
                    case uint _:
                    case double _:
                    case decimal _:
                        return DateTime.UtcNow.AddSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds):
                        return DateTime.UtcNow.AddSeconds(seconds);
                    case string text when DateTime.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.None, out DateTime date):
                        return date;
                }
            }
            catch (ArgumentOutOfRangeException)
            {
                throw new ArgumentTransformationMetadataException("The moment is out of range. Give a date, or a number of seconds from now such as 7776000 (90 days).");
            }
            throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "'{0}' is not a moment. Give a date ((Get-Date).AddDays(90), '2030-01-01'), a number of seconds from now (7776000), or a TimeSpan from now (New-TimeSpan -Days 90).",
                value));
        }
    }
}
