/* The check-in form (Order 715 intake), in the order a clerk meets it at
 * the counter: the owner from the ID card, the documents handed over, the
 * vehicle as its registration certificate gives it, the vehicle on the
 * scale; then what is rarely changed (the hand-over date is today, the
 * police supervision follows the type), which F2 saves without visiting. */
#include <stddef.h>

#include "forms/form.h"

static const struct code_label owner_kinds[] = {
	{"person", "Person", "个人"},
	{"company", "Company", "单位"},
	{0},
};

#define TEXT(k, en, zh, fl, mx, member) \
	{k, FORM_TEXT, en, zh, fl, mx, NULL, offsetof(struct vehicle, member), sizeof((struct vehicle *)0)->member, 0, NULL, NULL}
#define TYPED(k, type, en, zh, fl, member, hen, hzh) \
	{k, type, en, zh, fl, 0, NULL, offsetof(struct vehicle, member), sizeof((struct vehicle *)0)->member, 0, hen, hzh}
#define NUMBER(k, type, en, zh, fl, mx, member) \
	{k, type, en, zh, fl, mx, NULL, offsetof(struct vehicle, member), 0, 0, NULL, NULL}
#define FLAG(k, en, zh, fl, member, set) \
	{k, FORM_FLAG, en, zh, fl, 0, NULL, offsetof(struct vehicle, member), 0, set, NULL, NULL}
#define CHOICE(k, type, en, zh, fl, table, member) \
	{k, type, en, zh, fl, 0, table, offsetof(struct vehicle, member), sizeof((struct vehicle *)0)->member, 0, NULL, NULL}

static const struct form_field intake_fields[] = {
	/* The owner, from the ID card (or the company's licence and the agent's card). */
	CHOICE("owner-kind", FORM_CHOICE, "Owner is", "车主类型", FORM_REQUIRED, owner_kinds, owner_kind),
	TEXT("owner", "Owner name", "车主名称", FORM_REQUIRED, 60, owner_name),
	TYPED("owner-id", FORM_OWNER_ID, "ID no. / credit code", "身份证号/信用代码", FORM_REQUIRED, owner_id,
	      "resident ID (18) or unified social credit code (18)", "居民身份证号码或统一社会信用代码"),
	TEXT("owner-address", "Address", "住址", 0, 120, owner_address),
	TEXT("owner-phone", "Phone", "联系电话", 0, 30, owner_phone),
	TEXT("agent", "Agent name", "经办人姓名", FORM_COMPANY | FORM_NEEDED, 60, agent_name),
	TYPED("agent-id", FORM_PERSON_ID, "Agent ID no.", "经办人身份证号", FORM_COMPANY | FORM_NEEDED, agent_id, NULL, NULL),
	/* The documents handed over. */
	FLAG("registration", "Registration cert. returned", "交回登记证书", 0, doc_registration, 0),
	FLAG("licence", "Driving licence returned", "交回行驶证", 0, doc_licence, 0),
	NUMBER("plates", FORM_COUNT, "Plates returned (0-2)", "交回号牌数", 0, 2, plates_returned),
	/* The vehicle, as the registration certificate gives it. */
	TYPED("vin", FORM_VIN, "VIN", "车辆识别代号", FORM_REQUIRED, vin, "17 characters, no I/O/Q", "17位，不含I/O/Q"),
	TYPED("plate", FORM_PLATE, "Plate no.", "号牌号码", 0, plate, "e.g. 京A12345, 沪AD12345", "如 京A12345、沪AD12345"),
	TEXT("brand-model", "Brand and model", "品牌型号", 0, 60, brand_model),
	CHOICE("type", FORM_CHOICE, "Vehicle type", "车辆类型", 0, vehicle_types, vehicle_type),
	CHOICE("use", FORM_CHOICE, "Use nature", "使用性质", 0, use_natures, use_nature),
	CHOICE("power", FORM_CHOICE, "Power type", "燃料种类", 0, power_types, power_type),
	TYPED("engine-no", FORM_UPPER, "Engine no.", "发动机号", 0, engine_no, NULL, NULL),
	TYPED("first-reg", FORM_DATE, "First registration", "初次登记日期", 0, first_reg_date, "e.g. 20150310 or 2015-03-10",
	      "如 20150310 或 2015-03-10"),
	NUMBER("curb-mass", FORM_MASS, "Curb mass (kg)", "整备质量(kg)", 0, 0, curb_mass_kg),
	TYPED("battery-code", FORM_BATTERY, "Traction battery code", "动力蓄电池编码", FORM_NEV | FORM_NEEDED, battery_code,
	      "24 characters (GB/T 34014)", "24位(GB/T 34014)"),
	NUMBER("battery-count", FORM_COUNT, "Battery packs", "电池包数量", FORM_NEV, 20, battery_count),
	/* The vehicle on the scale. */
	NUMBER("weight", FORM_MASS, "Weighed mass (kg)", "过磅重量(kg)", FORM_SCALE, 0, weighed_kg),
	/* Rarely changed: past the weight, F2 saves without visiting them. */
	TYPED("received", FORM_DATE, "Hand-over date", "交车日期", FORM_REQUIRED | FORM_RARE, received_date,
	      "e.g. 20150310 or 2015-03-10", "如 20150310 或 2015-03-10"),
	TEXT("colour", "Colour", "车身颜色", FORM_RARE, 20, colour),
	FLAG("police", "Police-supervised", "公安监销", FORM_RARE, police_supervised, offsetof(struct vehicle, police_set)),
	CHOICE("missing", FORM_CHOICES, "Missing parts", "缺失部件", FORM_RARE, missing_part_codes, missing_parts),
	FLAG("owner-statement", "Owner's written statement", "车主书面说明", FORM_RARE, owner_statement, 0),
	{"vehicle-missing", FORM_FLAG, "Vehicle missing (no cert.)", "车辆缺失(不出证)", FORM_RARE, 0, NULL,
	 offsetof(struct vehicle, vehicle_missing), 0, 0, "follows from a missing engine or frame/body",
	 "缺失发动机或车架时即为车辆缺失"},
	TEXT("vin-override", "VIN check override reason", "VIN校验豁免理由", FORM_RARE, 200, vin_override_reason),
	TEXT("battery-override", "Battery override reason", "电池编码重复理由", FORM_NEV | FORM_RARE, 200,
	     battery_override_reason),
	/* Rarely used: only the ministry's ELV entry asks for these (the
	 * sheet of db/filing.h's mofcom_entry); optional as on its form. */
	CHOICE("reg-type", FORM_CHOICE, "Registration type", "登记类型", FORM_RARE, registration_types, reg_type),
	{"postal-code", FORM_TEXT, "Owner's postal code", "邮政编码", FORM_RARE, 6, NULL, offsetof(struct vehicle, postal_code),
	 sizeof((struct vehicle *)0)->postal_code, 0, "6 digits", "6位数字"},
	NUMBER("displacement", FORM_COUNT, "Displacement (ml)", "排量(ml)", FORM_ZERO_UNSET | FORM_RARE, 30000, displacement_ml),
	NUMBER("length", FORM_COUNT, "Length (mm)", "车长(mm)", FORM_ZERO_UNSET | FORM_RARE, 30000, length_mm),
	NUMBER("passengers", FORM_COUNT, "Passengers (approved)", "核定载客人数", FORM_ZERO_UNSET | FORM_RARE, 200, passengers),
	TEXT("notes", "Notes", "备注", FORM_RARE, 500, notes),
};

static void derive(void *record) { vehicle_derive(record); }

const struct form form_intake = {"intake", intake_fields, sizeof intake_fields / sizeof intake_fields[0], derive};
