import { Button, TextArea, type TextAreaRef } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { nativeTestId } from '../ui/test-id';

/**
 * The text composer: Enter sends, Shift+Enter (or an IME confirming a word) adds a line. `actions` sit
 * before the text (a chat's image, file and location buttons).
 */
export function Composer({
  onSend,
  disabled,
  actions,
}: {
  onSend: (text: string) => void;
  disabled?: boolean;
  actions?: React.ReactNode;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const composing = useRef(false);
  const ref = useRef<TextAreaRef | null>(null);
  const testId = nativeTestId('composer-input');

  const send = () => {
    const value = text.trim();
    if (!value || disabled) return;
    onSend(value);
    setText('');
    ref.current?.focus();
  };

  return (
    <div className="m-composer">
      {actions}
      <TextArea
        ref={(handle) => {
          ref.current = handle;
          testId(handle);
        }}
        value={text}
        onChange={setText}
        placeholder={t('m.composer.placeholder')}
        autoSize={{ minRows: 1, maxRows: 5 }}
        rows={1}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => (composing.current = false)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !composing.current && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <Button
        color="primary"
        size="small"
        data-testid="composer-send"
        disabled={!text.trim() || disabled}
        onClick={send}
      >
        {t('m.composer.send')}
      </Button>
    </div>
  );
}
