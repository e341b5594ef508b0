import type { XmlFields } from '../callbacks/index.js';

/** What a member may send to an app (wecom-api.md §7.6 user messages). */
export type MemberMessage =
  | { msgType: 'text'; content: string }
  | { msgType: 'image'; mediaId: string }
  | { msgType: 'voice'; mediaId: string; format?: 'amr' | 'speex' }
  | { msgType: 'location'; latitude: number; longitude: number; scale?: number; label?: string }
  | { msgType: 'link'; title: string; description?: string; url: string; picUrl?: string };

/** What a member's client reports to an app (wecom-api.md §7.6 events a member causes). */
export type MemberEvent =
  | { event: 'enter_agent' }
  | { event: 'LOCATION'; latitude: number; longitude: number; precision?: number }
  | { event: 'click' | 'view'; eventKey: string }
  | { event: 'scancode_push' | 'scancode_waitmsg'; eventKey: string; scanType: string; scanResult: string }
  | { event: 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin'; eventKey: string; picMd5Sums?: string[] }
  | {
      event: 'location_select';
      eventKey: string;
      latitude: number;
      longitude: number;
      scale?: number;
      label?: string;
      poiname?: string;
    };

/** The message as the member's own client shows it in the app's conversation. */
export function storedPayloadOf(message: MemberMessage): Record<string, unknown> {
  const from = 'member';
  switch (message.msgType) {
    case 'text':
      return { content: message.content, from };
    case 'image':
      return { media_id: message.mediaId, from };
    case 'voice':
      return { media_id: message.mediaId, format: message.format ?? 'amr', from };
    case 'location':
      return {
        latitude: message.latitude,
        longitude: message.longitude,
        scale: message.scale ?? 15,
        label: message.label ?? '',
        from,
      };
    case 'link':
      return {
        title: message.title,
        description: message.description ?? '',
        url: message.url,
        picurl: message.picUrl ?? '',
        from,
      };
  }
}

/** The type-specific fields of the message XML, in WeCom's order. */
export function messageFieldsOf(message: MemberMessage, picUrlOf: (mediaId: string) => string): XmlFields {
  switch (message.msgType) {
    case 'text':
      return { Content: message.content };
    case 'image':
      return { PicUrl: picUrlOf(message.mediaId), MediaId: message.mediaId };
    case 'voice':
      return { MediaId: message.mediaId, Format: message.format ?? 'amr' };
    case 'location':
      return {
        Location_X: message.latitude,
        Location_Y: message.longitude,
        Scale: message.scale ?? 15,
        Label: message.label ?? '',
      };
    case 'link':
      return {
        Title: message.title,
        Description: message.description ?? '',
        Url: message.url,
        PicUrl: message.picUrl ?? '',
      };
  }
}

/** The event-specific fields of the event XML (after `Event`), in WeCom's order. */
export function eventFieldsOf(event: MemberEvent): XmlFields {
  switch (event.event) {
    case 'enter_agent':
      return { EventKey: '' };
    case 'LOCATION':
      return { Latitude: event.latitude, Longitude: event.longitude, Precision: event.precision ?? 0 };
    case 'click':
    case 'view':
      return { EventKey: event.eventKey };
    case 'scancode_push':
    case 'scancode_waitmsg':
      return { EventKey: event.eventKey, ScanCodeInfo: { ScanType: event.scanType, ScanResult: event.scanResult } };
    case 'pic_sysphoto':
    case 'pic_photo_or_album':
    case 'pic_weixin': {
      const sums = event.picMd5Sums ?? [];
      return {
        EventKey: event.eventKey,
        SendPicsInfo: { Count: sums.length, PicList: { item: sums.map((PicMd5Sum) => ({ PicMd5Sum })) } },
      };
    }
    case 'location_select':
      return {
        EventKey: event.eventKey,
        SendLocationInfo: {
          Location_X: event.latitude,
          Location_Y: event.longitude,
          Scale: event.scale ?? 15,
          Label: event.label ?? '',
          Poiname: event.poiname ?? '',
        },
      };
  }
}
