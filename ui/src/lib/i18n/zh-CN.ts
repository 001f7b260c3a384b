// 简体中文：面向销售人员，用词口语、简洁。键和 {占位符} 必须与 en.ts 完全一致。
import type { Catalog } from './en';

export const zhCN: Catalog = {
  'app.name': 'Callbrief',
  'app.tagline': '销售通话助手',

  'nav.label': '主导航',
  'nav.briefing': '客户简报',
  'nav.live': '实时会议',
  'nav.sync': '同步',
  'nav.settings': '设置',
  'nav.tooltip': '{label}（{shortcut}）',

  'briefing.subtitle': '通话前，一屏看清客户的关键信息。',
  'briefing.empty.title': '暂无即将开始的通话',
  'briefing.empty.body': '连接 CRM 后，每场通话开始前 5 分钟，客户简报会自动出现在这里。',
  'briefing.empty.action': '连接 CRM',

  'live.subtitle': '通话进行时，实时查看聊天记录和语音转写。',
  'live.empty.title': '当前没有进行中的通话',
  'live.empty.body': '在视频会议软件里开始通话后，聊天记录和语音转写会通过 Callbrief 连接器实时显示在这里。',

  'sync.subtitle': '核对通话纪要，确认无误后同步到 CRM。',
  'sync.empty.title': '暂无待同步的内容',
  'sync.empty.body': '每场通话结束后，纪要草稿会先放在这里，等你核对后再同步到 CRM。',

  'settings.subtitle': '界面语言、外观，以及 Callbrief 的文件存放位置。',
  'settings.preferences': '偏好设置',
  'settings.language.label': '界面语言',
  'settings.language.hint': '选择“跟随系统”时，使用电脑当前的系统语言。',
  'settings.language.system': '跟随系统',
  'settings.language.en': 'English',
  'settings.language.zhCN': '简体中文',
  'settings.theme.label': '外观',
  'settings.theme.hint': '选择“跟随系统”时，会随电脑的浅色 / 深色模式自动切换。',
  'settings.theme.system': '跟随系统',
  'settings.theme.light': '浅色',
  'settings.theme.dark': '深色',
  'settings.about': '关于',
  'settings.about.version': '版本',
  'settings.about.dataDir': '数据文件夹',
  'settings.about.logDir': '日志文件夹',
  'settings.about.loading': '正在加载…',
  'settings.about.unavailable': '无法获取',

  'notice.settingsNotSaved': '设置未能保存。本次更改在关闭 Callbrief 之前仍然有效。',
  'notice.settingsNotLoaded': '未能读取你的设置，当前使用默认设置。',
  'notice.dismiss': '关闭',
};
