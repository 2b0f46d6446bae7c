import { createContext, useContext, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

/** The id of the message saying what is wrong with the form, while one is shown (see PanelForm). */
export const FormErrorId = createContext<string | undefined>(undefined);

type LabelProps = {
  label: string;
  /** Quieter words after the label, part of the control's name: "(required)". */
  hint?: string | undefined;
  /** Classes of the label, beside `compact`. */
  className?: string | undefined;
};

/**
 * A control inside its label, so that the label's words (and hint) are the
 * control's accessible name; the words stay one line above the control.
 */
export function Labelled({ label, hint, className, children }: LabelProps & { children: ReactNode }) {
  return (
    <label className={className ? `compact ${className}` : 'compact'}>
      <span>
        {label}
        {hint && <span className="hint"> {hint}</span>}
      </span>
      {children}
    </label>
  );
}

/** aria-invalid on a field the form's error is about, described by that error. */
function useInvalid(invalid: boolean | undefined): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const errorId = useContext(FormErrorId);
  if (!invalid) return {};
  return errorId ? { 'aria-invalid': true, 'aria-describedby': errorId } : { 'aria-invalid': true };
}

type ControlProps<A> = Omit<A, 'value' | 'onChange' | 'className'> &
  LabelProps & {
    value: string;
    onChange: (value: string) => void;
    /** The form's error is about this field. */
    invalid?: boolean | undefined;
    /** Classes of the control itself. */
    controlClassName?: string | undefined;
  };

type Control<A> = Omit<A, 'value' | 'onChange' | 'className'> & {
  className: string | undefined;
  value: string;
  onChange: (event: { target: { value: string } }) => void;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
};

/** A text control in its label: `render` draws the control from the attributes it is given. */
function LabelledControl<A>({ label, hint, className, controlClassName, value, onChange, invalid, render, ...rest }: ControlProps<A> & { render: (control: Control<A>) => ReactNode }) {
  const flags = useInvalid(invalid);
  // The rest of a generic props type is opaque to TypeScript; it is A's own attributes.
  const control = { ...rest, className: controlClassName, value, onChange: (e: { target: { value: string } }) => onChange(e.target.value), ...flags } as Control<A>;
  return (
    <Labelled label={label} hint={hint} className={className}>
      {render(control)}
    </Labelled>
  );
}

export function TextField(props: ControlProps<InputHTMLAttributes<HTMLInputElement>>) {
  return <LabelledControl {...props} render={(control) => <input {...control} />} />;
}

export function TextAreaField(props: ControlProps<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  return <LabelledControl {...props} render={(control) => <textarea {...control} />} />;
}

type SelectProps<T extends string> = LabelProps & {
  value: T;
  onChange: (value: T) => void;
  options: readonly T[];
  optionLabel: (option: T) => string;
};

/** A choice among `options`; the select holds no value but those, so its value is read back as one of them. */
export function SelectField<T extends string>({ label, hint, className, value, onChange, options, optionLabel }: SelectProps<T>) {
  return (
    <Labelled label={label} hint={hint} className={className}>
      <select value={value} onChange={(e) => onChange(e.target.value as T)}>
        <Options values={options} label={optionLabel} />
      </select>
    </Labelled>
  );
}

/** The options of a select that chooses one of `values`. */
export function Options<T extends string>({ values, label }: { values: readonly T[]; label: (value: T) => string }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {label(value)}
    </option>
  ));
}
