/* Key names, the global bindings and lookups. */
#include "app/keys.h"

#include <curses.h>
#include <stdio.h>

#include "base/i18n.h"
#include "base/text.h"

const struct tui_key keys_global[] = {
	{TUI_FN(KEY_F(1)), ACT_HELP, "Help", "帮助", "Help: the keys of this screen", "帮助：本屏幕的按键"},
	{TUI_ESC, ACT_BACK, "Back", "返回", "Back out of this screen", "退出本屏幕，回到上一屏"},
	{TUI_FN(KEY_F(10)), ACT_QUIT, "Quit", "退出", "Quit the program", "退出程序"},
	{TUI_FN(KEY_F(12)), ACT_LOGOUT, "Log out", "注销", "Log out, or let another user log in", "注销，或换另一位用户登录"},
	{TUI_CTRL('c'), ACT_QUIT, NULL, NULL, "Quit the program (as F10)", "退出程序（同 F10）"},
	{TUI_CTRL('l'), ACT_REDRAW, NULL, NULL, "Redraw the screen", "重画屏幕"},
	{0},
};

const struct tui_key keys_list[] = {
	{TUI_FN(KEY_UP), ACT_UP, NULL, NULL, "Previous line", "上一行"},
	{TUI_FN(KEY_DOWN), ACT_DOWN, NULL, NULL, "Next line", "下一行"},
	{TUI_FN(KEY_PPAGE), ACT_PAGE_UP, NULL, NULL, "A page up", "向上翻页"},
	{TUI_FN(KEY_NPAGE), ACT_PAGE_DOWN, NULL, NULL, "A page down", "向下翻页"},
	{TUI_FN(KEY_HOME), ACT_FIRST, NULL, NULL, "First line", "第一行"},
	{TUI_FN(KEY_END), ACT_LAST, NULL, NULL, "Last line", "最后一行"},
	{0},
};

const struct tui_key keys_form[] = {
	{TUI_ENTER, ACT_SUBMIT, NULL, NULL, "Next field; on the last field: save", "下一栏；在最后一栏：保存"},
	{TUI_TAB, ACT_NEXT_FIELD, NULL, NULL, "Next field", "下一栏"},
	{TUI_FN(KEY_DOWN), ACT_NEXT_FIELD, NULL, NULL, "Next field", "下一栏"},
	{TUI_FN(KEY_BTAB), ACT_PREV_FIELD, NULL, NULL, "Previous field", "上一栏"},
	{TUI_FN(KEY_UP), ACT_PREV_FIELD, NULL, NULL, "Previous field", "上一栏"},
	{TUI_FN(KEY_NPAGE), ACT_PAGE_DOWN, NULL, NULL, "A page of fields down", "向下翻一页"},
	{TUI_FN(KEY_PPAGE), ACT_PAGE_UP, NULL, NULL, "A page of fields up", "向上翻一页"},
	{TUI_FN(KEY_LEFT), ACT_NONE, NULL, NULL, "Cursor left; on a choice: the previous choice",
	 "光标左移；选择栏：上一个选项"},
	{TUI_FN(KEY_RIGHT), ACT_NONE, NULL, NULL, "Cursor right; on a choice: the next choice",
	 "光标右移；选择栏：下一个选项"},
	{' ', ACT_NONE, NULL, NULL, "On a choice: the next choice; on yes/no: toggle; on missing parts: mark",
	 "选择栏：下一个选项；是/否栏：切换；缺失部件：勾选"},
	{TUI_FN(KEY_HOME), ACT_NONE, NULL, NULL, "Start of the field", "移到栏首"},
	{TUI_FN(KEY_END), ACT_NONE, NULL, NULL, "End of the field", "移到栏尾"},
	{TUI_FN(KEY_BACKSPACE), ACT_NONE, NULL, NULL, "Delete the character before the cursor", "删除光标前的字"},
	{TUI_FN(KEY_DC), ACT_NONE, NULL, NULL, "Delete the character under the cursor", "删除光标处的字"},
	{TUI_CTRL('u'), ACT_NONE, NULL, NULL, "Delete up to the cursor", "删除光标前的全部内容"},
	{TUI_CTRL('k'), ACT_NONE, NULL, NULL, "Delete from the cursor to the end", "删除光标后的全部内容"},
	{0},
};

const struct tui_key keys_scroll[] = {
	{TUI_FN(KEY_UP), ACT_UP, NULL, NULL, "Scroll up", "向上滚动"},
	{TUI_FN(KEY_DOWN), ACT_DOWN, NULL, NULL, "Scroll down", "向下滚动"},
	{TUI_FN(KEY_PPAGE), ACT_PAGE_UP, NULL, NULL, "A page up", "向上翻页"},
	{TUI_FN(KEY_NPAGE), ACT_PAGE_DOWN, NULL, NULL, "A page down", "向下翻页"},
	{TUI_FN(KEY_HOME), ACT_FIRST, NULL, NULL, "To the top", "到开头"},
	{TUI_FN(KEY_END), ACT_LAST, NULL, NULL, "To the end", "到结尾"},
	{0},
};

const struct tui_key *keys_find(const struct tui_key *table, int key)
{
	for (const struct tui_key *k = table; k && k->key; k++)
		if (k->key == key)
			return k;
	return NULL;
}

const struct tui_key *keys_lookup(const struct tui_key *own, const struct tui_key *base, int key)
{
	const struct tui_key *k = keys_find(own, key);
	if (!k)
		k = keys_find(base, key);
	if (!k)
		k = keys_find(keys_global, key);
	return k;
}

int keys_fn_number(int key)
{
	if (!TUI_IS_FN(key))
		return 0;
	int code = key & ~TUI_FN(0);
	return code >= KEY_F(1) && code <= KEY_F(24) ? code - KEY_F(0) : 0;
}

static const struct {
	int key;
	const char *name;
} named[] = {
	{TUI_ESC, "Esc"},
	{TUI_ENTER, "Enter"},
	{TUI_TAB, "Tab"},
	{' ', "Space"},
	{TUI_FN(KEY_BTAB), "Shift-Tab"},
	{TUI_FN(KEY_UP), "Up"},
	{TUI_FN(KEY_DOWN), "Down"},
	{TUI_FN(KEY_LEFT), "Left"},
	{TUI_FN(KEY_RIGHT), "Right"},
	{TUI_FN(KEY_HOME), "Home"},
	{TUI_FN(KEY_END), "End"},
	{TUI_FN(KEY_PPAGE), "PgUp"},
	{TUI_FN(KEY_NPAGE), "PgDn"},
	{TUI_FN(KEY_BACKSPACE), "Backspace"},
	{TUI_FN(KEY_DC), "Delete"},
	{TUI_FN(KEY_IC), "Insert"},
};

const char *keys_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].key == key) {
			snprintf(buf, size, "%s", named[i].name);
			return buf;
		}
	int fn = keys_fn_number(key);
	if (fn)
		snprintf(buf, size, "F%d", fn);
	else if (TUI_IS_FN(key))
		snprintf(buf, size, "#%d", key & ~TUI_FN(0));
	else if (key > 0 && key < 0x20)
		snprintf(buf, size, "Ctrl-%c", key + '@');
	else {
		char utf8[5] = {0};
		text_utf8_encode((uint32_t)key, utf8);
		snprintf(buf, size, "%s", utf8);
	}
	return buf;
}

const char *keys_help(const struct tui_key *k) { return sy_pick(k->help_en, k->help_zh); }
const char *keys_bar(const struct tui_key *k) { return sy_pick(k->bar_en, k->bar_zh); }
