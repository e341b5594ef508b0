import { Button, Input } from 'antd-mobile';
import { useI18n } from '../../i18n/i18n-context';
import { nativeTestId } from '../ui/test-id';
import { useCountdown } from '../ui/use-countdown';

/** The 6-digit code input with its "send code" button, which counts down before it may send again. */
export function CodeField({
  value,
  onChange,
  onSend,
  sending,
  resendAt,
  disabled,
}: {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  sending: boolean;
  /** When another code may be asked for (null: now). */
  resendAt: number | null;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const left = useCountdown(resendAt);
  return (
    <div className="m-code-field">
      <Input
        ref={nativeTestId('signin-code')}
        value={value}
        onChange={(v) => onChange(v.replace(/\D/g, '').slice(0, 6))}
        placeholder={t('m.auth.code')}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
      />
      <Button
        size="small"
        color="primary"
        fill="outline"
        data-testid="signin-send-code"
        loading={sending}
        disabled={disabled || left > 0}
        onClick={onSend}
      >
        {left > 0 ? t('m.auth.resendIn', { seconds: left }) : t('m.auth.sendCode')}
      </Button>
    </div>
  );
}
