/** Error codes this module owns; platform/errcodes.ts maps each to its WeCom errcode. */
export const appErrors = {
  notFound: 'app.not_found',
  noPrivilege: 'app.no_privilege',
  invalidName: 'app.invalid_name',
  invalidDescription: 'app.invalid_description',
  invalidHomeUrl: 'app.invalid_home_url',
  invalidLogoUrl: 'app.invalid_logo_url',
  invalidRedirectDomain: 'app.invalid_redirect_domain',
  unknownScopeMembers: 'app.scope_unknown_members',
  unknownScopeDepartments: 'app.scope_unknown_departments',
  unknownScopeTags: 'app.scope_unknown_tags',
} as const;

/** Menu validation, one code per WeCom errcode (wecom-api.md §6.2): top-level buttons, then sub-buttons. */
export const menuErrors = {
  notSet: 'menu.not_set',
  buttonCount: 'menu.button_count',
  buttonType: 'menu.button_type',
  buttonName: 'menu.button_name',
  buttonKey: 'menu.button_key',
  buttonUrl: 'menu.button_url',
  buttonUrlDomain: 'menu.button_url_domain',
  tooDeep: 'menu.too_deep',
  subButtonCount: 'menu.sub_button_count',
  subButtonType: 'menu.sub_button_type',
  subButtonName: 'menu.sub_button_name',
  subButtonKey: 'menu.sub_button_key',
  subButtonUrl: 'menu.sub_button_url',
  subButtonUrlDomain: 'menu.sub_button_url_domain',
  miniProgram: 'menu.mini_program',
} as const;
