import { Dialog, Toast } from 'antd-mobile';
import { EnvironmentOutline, FileOutline, PictureOutline } from 'antd-mobile-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { describeError } from '../../shared/describe-error';
import { type OutgoingMessage, type UploadedMedia, useSendMessage, useUploadMedia } from './chats.queries';

/** Where the device is, or why not. */
function currentPosition(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) reject(new Error('geolocation unavailable'));
    else navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 15_000 });
  });
}

/** An image picked but not yet sent: shown for a confirm first. */
function ImagePreview({ file, onSend, onCancel }: { file: File; onSend: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const url = useMemo(() => URL.createObjectURL(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <Dialog
      visible
      title={t('m.composer.sendImage')}
      content={<img className="m-image-preview" src={url} alt={file.name} data-testid="composer-preview" />}
      closeOnAction
      onClose={onCancel}
      actions={[
        [
          { key: 'cancel', text: t('m.composer.cancel'), onClick: onCancel },
          { key: 'send', text: t('m.composer.send'), bold: true, onClick: onSend },
        ],
      ]}
    />
  );
}

/**
 * The composer's image, file and location buttons for a chat: a file is uploaded first, then the message
 * refers to its media id (docs/decisions/0011-member-media.md).
 */
export function ComposerAttachments({ conversation, disabled }: { conversation: string; disabled?: boolean }) {
  const { t } = useI18n();
  const upload = useUploadMedia();
  const send = useSendMessage(conversation);
  const imageInput = useRef<HTMLInputElement | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const [image, setImage] = useState<File | null>(null);
  const busy = disabled || upload.isPending || send.isPending;

  const fail = (error: unknown) => Toast.show({ icon: 'fail', content: describeError(error, t) });
  const sendMessage = (message: OutgoingMessage) => send.mutate(message, { onError: fail });
  const uploadAndSend = (type: UploadedMedia['type'], file: File) => {
    const toast = Toast.show({ icon: 'loading', content: t('m.composer.uploading'), duration: 0 });
    upload.mutate(
      { type, file },
      {
        onSuccess: (media) =>
          sendMessage(
            type === 'file'
              ? { msgType: 'file', payload: { media_id: media.mediaId, filename: media.filename, size: media.size } }
              : { msgType: type, payload: { media_id: media.mediaId } },
          ),
        onError: fail,
        onSettled: () => toast.close(),
      },
    );
  };
  const shareLocation = async () => {
    const ok = await Dialog.confirm({ content: t('m.composer.locationConfirm') });
    if (!ok) return;
    try {
      const { coords } = await currentPosition();
      sendMessage({
        msgType: 'location',
        payload: { latitude: coords.latitude, longitude: coords.longitude, name: '' },
      });
    } catch {
      Toast.show({ icon: 'fail', content: t('m.composer.locationFailed') });
    }
  };
  const picked = (input: HTMLInputElement, then: (file: File) => void) => {
    const file = input.files?.[0];
    input.value = '';
    if (file) then(file);
  };

  return (
    <div className="m-composer-actions">
      <button
        type="button"
        className="m-icon-button"
        aria-label={t('m.composer.image')}
        data-testid="composer-image"
        disabled={busy}
        onClick={() => imageInput.current?.click()}
      >
        <PictureOutline fontSize={22} />
      </button>
      <button
        type="button"
        className="m-icon-button"
        aria-label={t('m.composer.file')}
        data-testid="composer-file"
        disabled={busy}
        onClick={() => fileInput.current?.click()}
      >
        <FileOutline fontSize={22} />
      </button>
      <button
        type="button"
        className="m-icon-button"
        aria-label={t('m.composer.location')}
        data-testid="composer-location"
        disabled={busy}
        onClick={() => void shareLocation()}
      >
        <EnvironmentOutline fontSize={22} />
      </button>
      <input
        ref={imageInput}
        type="file"
        accept="image/*"
        hidden
        data-testid="composer-image-input"
        onChange={(e) => picked(e.currentTarget, setImage)}
      />
      <input
        ref={fileInput}
        type="file"
        hidden
        data-testid="composer-file-input"
        onChange={(e) => picked(e.currentTarget, (file) => uploadAndSend('file', file))}
      />
      {image && (
        <ImagePreview
          file={image}
          onCancel={() => setImage(null)}
          onSend={() => {
            uploadAndSend('image', image);
            setImage(null);
          }}
        />
      )}
    </div>
  );
}
