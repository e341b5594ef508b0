import { QRCode } from 'antd';

/** Loaded only when a card is shown: the QR code comes from antd, which the member client otherwise skips. */
export default function CardQr({ value }: { value: string }) {
  return <QRCode value={value} size={180} bordered={false} errorLevel="M" />;
}
