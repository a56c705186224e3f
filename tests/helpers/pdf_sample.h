/* Sample documents for the PDF tests, the render helper and the benchmark. */
#ifndef SY_PDF_SAMPLE_H
#define SY_PDF_SAMPLE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/doc.h"

/* a 32-byte verification key, as a yard would keep it in its settings */
static const unsigned char sample_key[32] = "scrapyard-sample-key-0123456789";

static const struct doc_yard sample_yard = {
	.name = "某某再生资源回收有限公司",
	.licence_no = "JZ-110000-2021-0042",
	.address = "北京市大兴区某某工业园区8号",
	.phone = "010-61234567",
	.permit_authority = "北京市商务局 Beijing Municipal Commerce Bureau",
	.country = "CN",
};

static const struct doc_owner sample_owner = {
	.name = "张三",
	.id_no = "11010519491231002X",
	.phone = "13800138000",
	.address = "北京市朝阳区建国路88号院3号楼2单元501室",
	.nationality = "中国 CN",
};

static const struct doc_vehicle sample_vehicle = {
	.stock_no = "R2024-00017",
	.plate = "京A12345",
	.plate_country = "CN",
	.vehicle_type = "小型普通客车",
	.vehicle_class = "M1",
	.use_nature = "非营运",
	.brand = "大众 Volkswagen",
	.model = "FV7160FBMBG",
	.vin = "1M8GDM9AXKP042788",
	.engine_no = "CSS123456",
	.power_type = "汽油 Petrol",
	.battery_code = NULL,
	.first_registration = "2012-03-15",
	.curb_mass_kg = 1320,
	.intake_mass_kg = 1296.5,
};

static inline struct cert_doc sample_cert(void)
{
	struct cert_doc c = {
		.number = "SY2024-000123",
		.issue_date = "2024-05-06",
		.handover_date = "2024-05-02",
		.clerk = "李四",
		.copy_label = "第一联 车主联  Copy 1: owner",
		.yard = sample_yard,
		.owner = sample_owner,
		.vehicle = sample_vehicle,
		.handover = {.reg_cert_returned = 1, .licence_returned = 1, .plates_returned = 1, .plates_expected = 2,
			     .missing_note = "后号牌遗失，车主已书面声明。 Rear plate lost, declared in writing by the owner."},
		.qr_key = sample_key,
		.qr_key_len = sizeof sample_key,
	};
	return c;
}

static inline struct receipt_doc sample_receipt(void)
{
	static const struct doc_item items[] = {
		{"车钥匙 Keys", 2, NULL},
		{"备胎 Spare wheel", 1, NULL},
		{"随车工具 Tool kit", 0, "缺失 missing"},
	};
	struct receipt_doc r = {
		.number = "R2024-00017",
		.intake_time = "2024-05-02 09:41",
		.clerk = "李四",
		.yard = sample_yard,
		.owner = sample_owner,
		.vehicle = sample_vehicle,
		.handover = {.reg_cert_returned = 1, .licence_returned = 0, .plates_returned = 2, .plates_expected = 2,
			     .missing_note = "行驶证遗失，车主已签署书面声明。 Driving licence lost, statement signed."},
		.items = items,
		.nitems = sizeof items / sizeof items[0],
		.notes = "车辆外观完整，五大总成齐全。 Vehicle complete, five major assemblies present.",
	};
	return r;
}

static const struct dism_step sample_steps[] = {
	{"拆除蓄电池 Remove battery", DISM_DONE, 1, "pcs", "HW31-0012", "王五", "2024-05-03 08:30", NULL},
	{"安全气囊处理 Neutralise airbags", DISM_DONE, 2, "pcs", NULL, "王五", "2024-05-03 08:45", "引爆 deployed"},
	{"排放燃油 Drain fuel", DISM_DONE, 18.5, "L", "F-0301", "王五", "2024-05-03 09:05", NULL},
	{"排放机油 Drain engine oil", DISM_DONE, 3.6, "L", "HW08-0207", "王五", "2024-05-03 09:15", NULL},
	{"排放变速器油 Drain gear oil", DISM_DONE, 1.9, "L", "HW08-0207", "王五", "2024-05-03 09:20", NULL},
	{"排放制动液 Drain brake fluid", DISM_DONE, 0.6, "L", "HW08-0207", "王五", "2024-05-03 09:24", NULL},
	{"排放冷却液 Drain coolant", DISM_DONE, 5.2, "L", "C-0110", "王五", "2024-05-03 09:30", NULL},
	{"回收制冷剂 Recover refrigerant R134a", DISM_DONE, 0.45, "kg", "R-0031", "赵六", "2024-05-03 09:50", NULL},
	{"拆除机油滤清器 Remove oil filter", DISM_DONE, 1, "pcs", "HW49-0008", "王五", "2024-05-03 10:00", NULL},
	{"拆除催化转化器 Remove catalytic converter", DISM_DONE, 1, "pcs", "HW50-0003", "王五", "2024-05-03 10:20",
	 NULL},
	{"拆除轮胎 Remove tyres", DISM_DONE, 4, "pcs", NULL, "王五", "2024-05-03 10:40", NULL},
	{"高压系统断电 HV system cut-off", DISM_NOT_APPLICABLE, 0, NULL, NULL, NULL, NULL, "燃油车 not an NEV"},
};

static const struct dism_part sample_parts[] = {
	{"P-0017-01", "发动机 Engine", "发动机 Engine", "B", 142.0, "再制造 Remanufacture", "某某再制造有限公司"},
	{"P-0017-02", "变速器 Transmission", "变速器 Transmission", "B", 48.5, "再制造 Remanufacture",
	 "某某再制造有限公司"},
	{"P-0017-03", "转向机 Steering gear", "方向机 Steering", "C", 9.8, "材料回收 Recycling", "某某钢铁"},
	{"P-0017-04", "前桥 Front axle", "前后桥 Axles", "C", 61.0, "材料回收 Recycling", "某某钢铁"},
	{"P-0017-05", "车架 Frame", "车架 Frame", NULL, 210.0, "材料回收 Recycling", "某某钢铁"},
	{"P-0017-06", "左前门 Front left door", NULL, "A", 21.4, "回用 Reuse", "门市 Shop"},
	{"P-0017-07", "前大灯 Headlamp, left", NULL, "A", 2.1, "回用 Reuse", "门市 Shop"},
	{"P-0017-08", "催化转化器 Catalytic converter", NULL, NULL, 6.5, "危险废物 Hazardous waste",
	 "某某环保科技 (危废经营许可证 BJHW-0021)"},
};

static const struct dism_mass sample_mass[] = {
	{"回用 Reuse", 152.4},
	{"再制造 Remanufacture", 190.5},
	{"材料回收 Material recycling", 846.3},
	{"能量回收 Energy recovery", 38.0},
	{"危险废物 Hazardous waste", 31.2},
	{"填埋 Landfill", 27.9},
};

static inline struct dismantling_doc sample_dismantling(void)
{
	struct dismantling_doc d = {
		.yard = sample_yard,
		.vehicle = sample_vehicle,
		.intake_date = "2024-05-02",
		.dismantled_date = "2024-05-03",
		.steps = sample_steps,
		.nsteps = sizeof sample_steps / sizeof sample_steps[0],
		.parts = sample_parts,
		.nparts = sizeof sample_parts / sizeof sample_parts[0],
		.mass = sample_mass,
		.nmass = sizeof sample_mass / sizeof sample_mass[0],
	};
	return d;
}

static const char *const sample_part_names[] = {"发动机 Engine", "变速器 Transmission", "左前门 Front left door",
						"前大灯 Headlamp", "车架 Frame", "转向机 Steering gear"};
static const char *const sample_vins[] = {"1M8GDM9AXKP042788", "LSVAU2180N2183420", "WVWZZZ1JZ3W386752",
					  "LFV2A21K8E4126903"};

/* Rows for the ledgers, made up deterministically; free() the result. */
static inline struct ledger_part_row *sample_part_rows(size_t n, char (**numbers)[16])
{
	struct ledger_part_row *rows = calloc(n ? n : 1, sizeof *rows);
	*numbers = calloc(n ? n : 1, sizeof **numbers);
	for (size_t i = 0; i < n; i++) {
		snprintf((*numbers)[i], 16, "P-%05u", (unsigned)((i + 1) % 100000));
		rows[i] = (struct ledger_part_row){"2024-05-03", (*numbers)[i], sample_part_names[i % 6],
						   i % 6 == 2 || i % 6 == 3 ? NULL : "五大总成 Major", sample_vins[i % 4],
						   "FV7160FBMBG", 1, 5.0 + (double)(i % 40) * 3.5,
						   i % 3 ? "回用 Reuse" : "再制造 Remanufacture", "某某再制造有限公司"};
	}
	return rows;
}

static inline struct ledger_waste_row *sample_waste_rows(size_t n)
{
	static const char *const moves[] = {"产生 Generated", "入库 Stored", "出库 Shipped"};
	struct ledger_waste_row *rows = calloc(n ? n : 1, sizeof *rows);
	for (size_t i = 0; i < n; i++)
		rows[i] = (struct ledger_waste_row){moves[i % 3], "B20240503-01", "2024-05-03 09:15",
						    i % 2 ? "废机油 Waste oil" : "废铅酸蓄电池 Lead-acid battery",
						    i % 2 ? "HW08" : "HW31", i % 2 ? "900-214-08" : "900-052-31",
						    i % 2 ? 3.6 : 14.0, "kg", i % 2 ? "HW08-0207" : "HW31-0012",
						    i % 2 ? "铁桶 Drum" : "托盘 Pallet", 1, "YARD-01", "王五",
						    i % 3 == 2 ? "某某环保科技 BJHW-0021" : ""};
	return rows;
}

static inline struct ledger_battery_row *sample_battery_rows(size_t n)
{
	struct ledger_battery_row *rows = calloc(n ? n : 1, sizeof *rows);
	for (size_t i = 0; i < n; i++)
		rows[i] = (struct ledger_battery_row){"2024-05-03", "LFV2A21K8E4126903", "03HPB0DM0000011B1AC0000001",
						      "CATL 50Ah NCM", 1, 312.0, "梯次利用 Echelon use",
						      "某某储能科技有限公司", "2024-05-10"};
	return rows;
}

static inline struct cod_doc sample_cod(void)
{
	struct cod_doc c = {
		.number = "COD-2024-000045",
		.issue_date = "2024-05-06",
		.takeover_date = "2024-05-02",
		.issuer_signatory = "Li Si 李四",
		.issuer = sample_yard,
		.holder = {.name = "Jürgen Müller", .address = "Hauptstraße 12, 10115 Berlin", .nationality = "D"},
		.vehicle = sample_vehicle,
		.reg_doc = COD_REG_ATTACHED,
	};
	c.vehicle.plate = "B-AB 1234";
	c.vehicle.plate_country = "D";
	c.vehicle.brand = "Volkswagen";
	c.vehicle.model = "Golf IV 1.6";
	c.vehicle.vin = "WVWZZZ1JZ3W386752";
	return c;
}

#endif
