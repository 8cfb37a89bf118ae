namespace KalturaEmulator.Protocol;

/// <summary>A result value written as given: JSON text in JSON answers, the same text in XML ones (control API AnswerFields).</summary>
public sealed record RawJson(string Text);
