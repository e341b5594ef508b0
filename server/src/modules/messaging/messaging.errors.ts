/** Error codes this module owns; platform/errcodes.ts maps each to its WeCom errcode. */
export const messageErrors = {
  invalidType: 'message.invalid_type',
  emptyContent: 'message.empty_content',
  tooLarge: 'message.too_large',
  titleMissing: 'message.title_missing',
  descriptionMissing: 'message.description_missing',
  urlMissing: 'message.url_missing',
  mediaMissing: 'media.missing',
  tooManyArticles: 'message.too_many_articles',
  newsNotConfidential: 'message.news_not_confidential',
  allInvalid: 'message.all_invalid',
  tooManyUsers: 'message.too_many_users',
  tooManyParties: 'message.too_many_parties',
  tooManyTags: 'message.too_many_tags',
  notFound: 'message.not_found',
  recallExpired: 'message.recall_expired',
  invalidField: 'message.invalid_field',
} as const;
