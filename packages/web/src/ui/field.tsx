import type { JSX } from 'preact';
import { useId } from 'preact/hooks';
import { t } from '../i18n/index.ts';

type InputProps = JSX.InputHTMLAttributes<HTMLInputElement>;

/** A labelled input whose label text is its accessible name. */
export function Field(props: { label: string; hint?: string } & Omit<InputProps, 'id'>) {
  const { label, hint, ...input } = props;
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** A password being chosen: the rules the server enforces, said before it refuses. */
export function NewPasswordField(props: { label?: string; value: string; onValue: (value: string) => void }) {
  return (
    <Field
      label={props.label ?? t('field.password')}
      type="password"
      autocomplete="new-password"
      required
      minLength={10}
      hint={t('field.passwordRule', { count: 10 })}
      value={props.value}
      onInput={(e) => props.onValue(e.currentTarget.value)}
    />
  );
}

/** A labelled <select>; the label is its accessible name, without the option texts. */
export function Select(props: { label: string } & Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'id'>) {
  const { label, children, ...select } = props;
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} {...select}>
        {children}
      </select>
    </div>
  );
}

export function Alert(props: { message: string | null }) {
  return props.message ? (
    <p class="alert" role="alert">
      {props.message}
    </p>
  ) : null;
}
