// A choice among a few options as big radio tiles: one tap each on a phone, arrow keys on a keyboard.
export function ChoiceTiles<Value extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  labelOf,
  error,
}: {
  legend: string;
  name: string;
  options: readonly Value[];
  value: Value | null;
  onChange: (value: Value) => void;
  labelOf: (value: Value) => string;
  error?: string;
}) {
  const errorId = `${name}-error`;
  return (
    <fieldset className="choice-field" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="choices">
        {options.map((option) => (
          <label key={option} className="choice">
            <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
            <span>{labelOf(option)}</span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
