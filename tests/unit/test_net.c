/* Devices on the network: addresses, what a failure tells the clerk, the
 * connection over loopback (refused, closed, taken, drained), the language
 * a printer's answer names; and devices chosen per counter and per user. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/devices.h"
#include "db/audit.h"
#include "db/db.h"
#include "db/devices.h"
#include "drivers/net.h"
#include "drivers/printer.h"
#include "tests/check.h"

static void test_addresses(void)
{
	struct net_addr a;
	sy_err err = {0};
	CHECK(net_is_address("tcp://10.0.0.5:4001"));
	CHECK(net_is_address("TCP://printer:9100"));
	CHECK(!net_is_address("/dev/ttyUSB0"));
	CHECK(!net_is_address("0a5f:0164"));
	CHECK(!net_is_address(NULL));
	CHECK_INT(net_addr_parse("tcp://192.168.1.50:9100", &a, &err), SY_OK);
	CHECK_STR(a.host, "192.168.1.50");
	CHECK_STR(a.port, "9100");
	CHECK_STR(a.text, "tcp://192.168.1.50:9100");
	CHECK_INT(net_addr_parse("tcp://label-1.yard.lan:09100", &a, &err), SY_OK);
	CHECK_STR(a.text, "tcp://label-1.yard.lan:9100");
	CHECK_INT(net_addr_parse("tcp://[fe80::1]:4001", &a, &err), SY_OK);
	CHECK_STR(a.host, "fe80::1");
	CHECK_STR(a.text, "tcp://[fe80::1]:4001");
	CHECK_INT(net_addr_parse("tcp://10.0.0.5", &a, &err), SY_INVALID);
	CHECK(strstr(err.msg, "tcp://HOST:PORT") != NULL);
	CHECK_INT(net_addr_parse("tcp://:9100", &a, &err), SY_INVALID);
	CHECK_INT(net_addr_parse("tcp://10.0.0.5:", &a, &err), SY_INVALID);
	CHECK_INT(net_addr_parse("tcp://10.0.0.5:0", &a, &err), SY_INVALID);
	CHECK_INT(net_addr_parse("tcp://10.0.0.5:65536", &a, &err), SY_INVALID);
	CHECK(strstr(err.msg, "1 to 65535") != NULL);
	CHECK_INT(net_addr_parse("tcp://10.0.0.5:9100x", &a, &err), SY_INVALID);
	CHECK_INT(net_addr_parse("tcp://fe80::1:4001", &a, &err), SY_INVALID); /* IPv6 needs brackets */
	CHECK_INT(net_addr_parse("tcp://a b:9100", &a, &err), SY_INVALID);
	CHECK_INT(net_addr_parse("tcp://x;rm:9100", &a, &err), SY_INVALID);
	CHECK_INT(net_addr_parse("tcp://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.lan:9100", &a, &err),
		  SY_INVALID);
	CHECK_INT(net_addr_parse("http://10.0.0.5:80", &a, &err), SY_INVALID);
}

static void test_failure_messages(void)
{
	sy_err err = {0};
	CHECK_INT(net_fail_errno(&err, "tcp://10.0.0.9:9100", ECONNREFUSED), SY_ENV);
	CHECK(strstr(err.msg, "tcp://10.0.0.9:9100 refused the connection") != NULL);
	net_fail_errno(&err, "tcp://10.0.0.9:9100", EHOSTUNREACH);
	CHECK(strstr(err.msg, "cannot be reached") != NULL && strstr(err.msg, "network cable") != NULL);
	net_fail_errno(&err, "tcp://10.0.0.9:9100", ENETUNREACH);
	CHECK(strstr(err.msg, "cannot be reached") != NULL);
	net_fail_errno(&err, "tcp://10.0.0.9:9100", ETIMEDOUT);
	CHECK(strstr(err.msg, "does not answer") != NULL);
	net_fail_errno(&err, "tcp://10.0.0.9:9100", ECONNRESET);
	CHECK(strstr(err.msg, "closed the connection") != NULL);
}

/* A listening socket on loopback at a port the system picks. */
static int listen_local(int *port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof sa;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 4) != 0)
		return -1;
	getsockname(fd, (struct sockaddr *)&sa, &len);
	*port = ntohs(sa.sin_port);
	return fd;
}

static void test_connection(void)
{
	struct net_addr a;
	struct net_conn *c = NULL;
	sy_err err = {0};
	char url[64];
	int port = 0, lfd = listen_local(&port);
	CHECK(lfd >= 0);
	snprintf(url, sizeof url, "tcp://127.0.0.1:%d", port);
	net_addr_parse(url, &a, &err);
	CHECK_INT(net_connect(&a, 1000, 3000, &c, &err), SY_OK);
	if (!c)
		return;
	int peer = accept(lfd, NULL, NULL);
	CHECK(peer >= 0);
	size_t got = 1, done = 0, left = 99;
	uint8_t buf[16];
	CHECK_INT(net_read(c, buf, sizeof buf, &got, 50, &err), NET_OK);
	CHECK_INT(got, 0); /* silence is no failure */
	CHECK_INT(send(peer, "S S 1380 kg\r\n", 13, 0), 13);
	CHECK_INT(net_read(c, buf, sizeof buf, &got, 1000, &err), NET_OK);
	CHECK_INT(got, 13);
	CHECK_INT(net_write(c, (const uint8_t *)"SI\r\n", 4, &done, 1000, &err), NET_OK);
	CHECK_INT(done, 4);
	CHECK_INT(net_drain(c, 1000, &left, &err), NET_OK);
	CHECK_INT(left, 0);
	CHECK_INT(recv(peer, buf, sizeof buf, 0), 4);
	close(peer); /* the device goes away */
	CHECK_INT(net_read(c, buf, sizeof buf, &got, 1000, &err), NET_CLOSED);
	CHECK(strstr(err.msg, "closed the connection") != NULL);
	net_close(c);
	close(lfd); /* nothing listens there now */
	c = NULL;
	CHECK_INT(net_connect(&a, 1000, 3000, &c, &err), SY_ENV);
	CHECK(c == NULL);
	CHECK(strstr(err.msg, "refused the connection") != NULL);
	/* Not waiting: the refusal comes with the first read. */
	if (net_connect(&a, 0, 3000, &c, &err) == SY_OK) {
		for (int i = 0; i < 20 && net_read(c, buf, sizeof buf, &got, 50, &err) == NET_OK; i++)
			;
		CHECK(strstr(err.msg, "refused the connection") != NULL);
		net_close(c);
	} else {
		CHECK(strstr(err.msg, "refused the connection") != NULL);
	}
}

static void test_probe_replies(void)
{
	struct printer_probe p;
	static const uint8_t hi[] = "\002ZT230-300dpi,V72.19.15Z,12,8176KB\003\r\n";
	CHECK_INT(printer_probe_parse(&printer_lang_zpl, hi, sizeof hi - 1, &p), 0);
	CHECK(p.lang == &printer_lang_zpl);
	CHECK_STR(p.model, "ZT230-300dpi");
	CHECK_INT(p.dpi, 300);
	static const uint8_t hi8[] = "\002GK420d,V61.17.17Z,8,8192KB\003";
	CHECK_INT(printer_probe_parse(&printer_lang_zpl, hi8, sizeof hi8 - 1, &p), 0);
	CHECK_STR(p.model, "GK420d");
	CHECK_INT(p.dpi, 203);
	static const uint8_t half[] = "\002GK420d,V61.17";
	CHECK_INT(printer_probe_parse(&printer_lang_zpl, half, sizeof half - 1, &p), -1);
	/* ~HS and ~HQES answers say ZPL, not a model */
	static const uint8_t hs[] = "\002030,0,0,1245,000,0,0,0,000,0,0,0\003\r\n";
	CHECK_INT(printer_probe_parse(&printer_lang_zpl, hs, sizeof hs - 1, &p), 0);
	CHECK(p.lang == &printer_lang_zpl);
	CHECK_STR(p.model, "");
	uint8_t ql[32] = {0x80, 0x20, 0x42, 0x34, 0x41, 0x30};
	CHECK_INT(printer_probe_parse(&printer_lang_ql, ql, sizeof ql, &p), 0);
	CHECK(p.lang == &printer_lang_ql);
	CHECK_STR(p.model, "QL-820NWB");
	ql[4] = 0x44;
	CHECK_INT(printer_probe_parse(&printer_lang_tspl, ql, sizeof ql, &p), 0); /* a late Brother answer */
	CHECK_STR(p.model, "QL-1110NWB");
	ql[4] = 0x7E;
	CHECK_INT(printer_probe_parse(&printer_lang_ql, ql, sizeof ql, &p), 0);
	CHECK_STR(p.model, ""); /* a QL the table does not name */
	CHECK_INT(printer_probe_parse(&printer_lang_ql, ql, 31, &p), -1);
	uint8_t one = 0x04;
	CHECK_INT(printer_probe_parse(&printer_lang_tspl, &one, 1, &p), 0);
	CHECK(p.lang == &printer_lang_tspl);
	CHECK_INT(printer_probe_parse(&printer_lang_zpl, &one, 1, &p), -1); /* one byte answers only TSPL */
	static const uint8_t junk[] = "HTTP/1.1 400 Bad Request\r\n";
	CHECK_INT(printer_probe_parse(&printer_lang_zpl, junk, sizeof junk - 1, &p), -1);
	CHECK(p.lang == NULL);
	CHECK_STR(printer_ql_model_name(0x35), "QL-700");
	CHECK(printer_ql_model_name(0x00) == NULL);
	/* the probes: TSPL, Brother, ZPL, in that order */
	CHECK(printer_probes[0].lang == &printer_lang_tspl);
	CHECK(printer_probes[1].lang == &printer_lang_ql);
	CHECK(printer_probes[2].lang == &printer_lang_zpl);
	CHECK(printer_probes[3].lang == NULL);
}

static int64_t audit_rows(db *d)
{
	int64_t n = -1;
	db_int64(d, NULL, &n, "SELECT count(*) FROM audit WHERE entity = 'device_setting'", NULL);
	return n;
}

static char *dup_setting(db *d, const char *key)
{
	char *v = device_setting(d, key);
	return v ? v : strdup("(none)");
}

#define CHECK_SETTING(d, key, want)                     \
	do {                                            \
		char *v_ = dup_setting((d), (key));     \
		CHECK_STR(v_, (want));                  \
		free(v_);                               \
	} while (0)

static void test_choices(const char *dir)
{
	char path[128];
	sy_err err = {0};
	snprintf(path, sizeof path, "%s/yard.db", dir);
	db *d = db_open(path, DB_OPEN_CREATE, &err);
	CHECK(d != NULL);
	if (!d)
		return;
	db_set_actor(d, "zhang");
	db_set_counter(d, "counter-1");
	/* Nothing chosen: the yard's settings (none). */
	CHECK_INT(device_scope_of(d, DEVICE_PRINTER), DEVICE_YARD);
	CHECK_SETTING(d, "label.printer", "(none)");
	struct device_value yard[] = {{"label.printer", "0a5f:0164"}, {"label.language", "ql"}, {"label.size", "62x100"}};
	CHECK_INT(device_choice_save(d, DEVICE_YARD, "", yard, 3, &err), SY_OK);
	CHECK_SETTING(d, "label.printer", "0a5f:0164");
	CHECK_SETTING(d, "label.size", "62x100");
	int64_t before = audit_rows(d);
	/* The user's choice wins over the yard's, the counter's over both. */
	struct device_value mine[] = {{"label.printer", "tcp://10.0.0.7:9100"}, {"label.language", "tspl"}};
	CHECK_INT(device_choice_save(d, DEVICE_USER, "zhang", mine, 2, &err), SY_OK);
	CHECK_INT(device_scope_of(d, DEVICE_PRINTER), DEVICE_USER);
	CHECK_SETTING(d, "label.printer", "tcp://10.0.0.7:9100");
	CHECK_SETTING(d, "label.language", "tspl");
	/* A printer's settings go together: no size from the yard's Brother. */
	CHECK_SETTING(d, "label.size", "(none)");
	struct device_value here[] = {{"label.printer", "tcp://10.0.0.8:9100"}, {"label.language", "zpl"}};
	CHECK_INT(device_choice_save(d, DEVICE_COUNTER, "counter-1", here, 2, &err), SY_OK);
	CHECK_INT(device_scope_of(d, DEVICE_PRINTER), DEVICE_COUNTER);
	CHECK_SETTING(d, "label.printer", "tcp://10.0.0.8:9100");
	CHECK_SETTING(d, "label.language", "zpl");
	CHECK_INT(audit_rows(d) - before, 4); /* every change, one entry each */
	/* The same again changes nothing and writes no entry. */
	CHECK_INT(device_choice_save(d, DEVICE_COUNTER, "counter-1", here, 2, &err), SY_OK);
	CHECK_INT(audit_rows(d) - before, 4);
	/* Another counter sees the user's; another user there, the yard's. */
	db_set_counter(d, "counter-2");
	CHECK_SETTING(d, "label.printer", "tcp://10.0.0.7:9100");
	db_set_actor(d, "li");
	CHECK_SETTING(d, "label.printer", "0a5f:0164");
	CHECK_SETTING(d, "label.language", "ql");
	/* Keys of no device stay the yard's; the scale is a device of its own. */
	CHECK_INT(db_set_setting(d, &err, "label.font", "/usr/share/fonts/x.ttf"), SY_OK);
	db_set_counter(d, "counter-1");
	CHECK_SETTING(d, "label.font", "/usr/share/fonts/x.ttf");
	CHECK_INT(device_scope_of(d, DEVICE_SCALE), DEVICE_YARD);
	struct device_value scale = {"scale", "tcp://10.0.0.9:4001,xk3190"};
	CHECK_INT(device_choice_save(d, DEVICE_COUNTER, "counter-1", &scale, 1, &err), SY_OK);
	CHECK_SETTING(d, "scale", "tcp://10.0.0.9:4001,xk3190");
	CHECK_INT(device_scope_of(d, DEVICE_IDCARD), DEVICE_YARD);
	/* Refused: keys of two devices, a key of none, a bad name. */
	struct device_value mixed[] = {{"label.printer", "x"}, {"scale", "y"}};
	CHECK_INT(device_choice_save(d, DEVICE_COUNTER, "counter-1", mixed, 2, &err), SY_INVALID);
	struct device_value other = {"require_login", "0"};
	CHECK_INT(device_choice_save(d, DEVICE_COUNTER, "counter-1", &other, 1, &err), SY_INVALID);
	CHECK_INT(device_choice_save(d, DEVICE_COUNTER, "", &scale, 1, &err), SY_INVALID);
	CHECK_INT(device_choice_save(d, DEVICE_COUNTER, "a\nb", &scale, 1, &err), SY_INVALID);
	/* Forgetting the counter's printer: back to the yard's (li has none). */
	CHECK_INT(device_choice_clear(d, DEVICE_COUNTER, "counter-1", DEVICE_PRINTER, &err), SY_OK);
	CHECK_SETTING(d, "label.printer", "0a5f:0164");
	CHECK_SETTING(d, "scale", "tcp://10.0.0.9:4001,xk3190"); /* the scale stays */
	int64_t bad = 0, checked = 0;
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
	db_close(d);
}

static void test_counter_name(void)
{
	char name[DEVICE_NAME_MAX + 1];
	enum counter_source src;
	sy_err err = {0};
	unsetenv("SSH_CLIENT");
	setenv("SCRAPYARD_COUNTER", "Counter 2", 1);
	CHECK_INT(devices_counter(name, sizeof name, &src, &err), SY_OK);
	CHECK_STR(name, "Counter 2");
	CHECK_INT(src, COUNTER_ENV);
	setenv("SCRAPYARD_COUNTER", "bad\033[2J", 1);
	CHECK_INT(devices_counter(name, sizeof name, &src, &err), SY_INVALID);
	unsetenv("SCRAPYARD_COUNTER");
	setenv("SSH_CONNECTION", "192.168.1.21 50022 192.168.1.5 22", 1);
	CHECK_INT(devices_counter(name, sizeof name, &src, &err), SY_OK);
	CHECK_STR(name, "192.168.1.21");
	CHECK_INT(src, COUNTER_SSH);
	unsetenv("SSH_CONNECTION");
	CHECK_INT(devices_counter(name, sizeof name, &src, &err), SY_OK);
	CHECK(src == COUNTER_LOCAL || src == COUNTER_CONSOLE);
}

int main(void)
{
	char dir[] = "/tmp/sy-net-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	setenv("SCRAPYARD_NOW", "2026-03-02 10:00:00", 1);
	test_addresses();
	test_failure_messages();
	test_connection();
	test_probe_replies();
	test_choices(dir);
	test_counter_name();
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return CHECK_DONE();
}
