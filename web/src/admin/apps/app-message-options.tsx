import { Checkbox, DatePicker, Flex, Form, InputNumber } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/i18n-context';
import type { NearAudience } from './apps.queries';

/** The composer's extra fields: a geofence on the audience (定点) and a send time (定时). */
export interface MessageOptionValues {
  useNear: boolean;
  nearLat?: number;
  nearLng?: number;
  nearRadius?: number;
  nearAge?: number;
  sendAt?: Dayjs | null;
}

export function nearOf(values: MessageOptionValues): NearAudience | undefined {
  if (!values.useNear) return undefined;
  return {
    latitude: values.nearLat ?? 0,
    longitude: values.nearLng ?? 0,
    radiusMeters: values.nearRadius ?? 0,
    maxAgeMinutes: values.nearAge ?? 0,
  };
}

/** Latitude, longitude, radius (m) and freshness (minutes) of "members near a place", shown when it is ticked. */
export function NearFields({ enabled }: { enabled: boolean }) {
  const { t } = useI18n();
  const required = { required: true, message: t('form.required') };
  return (
    <>
      <Form.Item name="useNear" valuePropName="checked" style={{ marginBottom: enabled ? 8 : undefined }}>
        <Checkbox data-testid="message-near">{t('messages.near')}</Checkbox>
      </Form.Item>
      {enabled && (
        <Flex gap="small" wrap>
          <Form.Item name="nearLat" label={t('messages.nearLat')} rules={[required]}>
            <InputNumber min={-90} max={90} step={0.000001} data-testid="message-near-lat" />
          </Form.Item>
          <Form.Item name="nearLng" label={t('messages.nearLng')} rules={[required]}>
            <InputNumber min={-180} max={180} step={0.000001} data-testid="message-near-lng" />
          </Form.Item>
          <Form.Item name="nearRadius" label={t('messages.nearRadius')} rules={[required]}>
            <InputNumber min={1} max={50_000} precision={0} data-testid="message-near-radius" />
          </Form.Item>
          <Form.Item name="nearAge" label={t('messages.nearAge')} rules={[required]}>
            <InputNumber min={1} max={7 * 24 * 60} precision={0} data-testid="message-near-age" />
          </Form.Item>
        </Flex>
      )}
    </>
  );
}

/** A future date and time; no earlier than now. */
export function SendAtPicker(props: {
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
  testId: string;
  placeholder?: string;
}) {
  return (
    <DatePicker
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      value={props.value}
      onChange={(value) => props.onChange?.(value)}
      disabledDate={(day) => day.isBefore(dayjs(), 'day')}
      placeholder={props.placeholder}
      allowClear
      data-testid={props.testId}
    />
  );
}

/** The optional "send at" field: empty sends now. */
export function SendAtField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="sendAt"
      label={t('messages.sendAt')}
      extra={t('messages.sendAtHint')}
      rules={[
        {
          validator: (_rule, value: Dayjs | null | undefined) =>
            !value || value.isAfter(dayjs()) ? Promise.resolve() : Promise.reject(new Error(t('messages.sendAtPast'))),
        },
      ]}
    >
      <SendAtPicker testId="message-send-at" placeholder={t('messages.sendNow')} />
    </Form.Item>
  );
}
