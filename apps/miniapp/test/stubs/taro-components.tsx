// Plain DOM stand-ins for the Taro components the pages use, close enough to test behaviour:
// Button submits its Form only with formType="submit"; Form hands onSubmit a Taro-shaped event.
import {
  type ButtonHTMLAttributes,
  createContext,
  type FormEvent,
  type PropsWithChildren,
  useContext,
} from 'react';

/** The formId the stub Form reports, as WeChat's reportSubmit would. */
export const STUB_FORM_ID = 'stub-form-id';

type Common = PropsWithChildren<{ className?: string } & Record<`data-${string}`, string>>;

export function View({ children, ...rest }: Common) {
  return <div {...rest}>{children}</div>;
}

export function Text({ children, ...rest }: Common) {
  return <span {...rest}>{children}</span>;
}

const InForm = createContext(false);

interface ButtonProps extends Common {
  formType?: 'submit' | 'reset';
  type?: string;
  size?: string;
  disabled?: boolean;
  onClick?: () => void;
}

export function Button({ children, formType, type, size, disabled, onClick, ...rest }: ButtonProps) {
  const inForm = useContext(InForm);
  const htmlType: ButtonHTMLAttributes<HTMLButtonElement>['type'] =
    inForm && formType === 'submit' ? 'submit' : 'button';
  return (
    <button
      {...rest}
      type={htmlType}
      disabled={disabled}
      data-variant={type}
      data-size={size}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

interface FormProps extends Common {
  reportSubmit?: boolean;
  onSubmit?: (event: { detail: { formId?: string; value: Record<string, unknown> } }) => void;
}

export function Form({ children, reportSubmit, onSubmit, ...rest }: FormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit?.({ detail: reportSubmit ? { formId: STUB_FORM_ID, value: {} } : { value: {} } });
  };
  return (
    <form {...rest} onSubmit={submit}>
      <InForm.Provider value={true}>{children}</InForm.Provider>
    </form>
  );
}
