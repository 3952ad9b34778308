/*
 * Unit tests for the Arm GICs: the GICv2 ("arm_gic") through its memory-mapped
 * distributor and CPU interface, the GICv3 ("arm-gicv3") through its distributor,
 * redistributors and the ICC_* register API.  Interrupt inputs are driven with
 * qemu_set_irq; each CPU's IRQ and FIQ outputs are recorded.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/intc/arm_gic.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"

#define DIST 0x08000000
#define CPUIF 0x08010000
#define REDIST 0x080a0000
#define NCPU_MAX 8

static int irq_out[NCPU_MAX], fiq_out[NCPU_MAX];

static void record_irq(void *opaque, int n, int level)
{
    irq_out[n] = level;
}

static void record_fiq(void *opaque, int n, int level)
{
    fiq_out[n] = level;
}

static MemTxAttrs as_cpu(int cpu)
{
    return (MemTxAttrs) { .requester_id = cpu };
}

static uint32_t rd(int cpu, hwaddr addr)
{
    return address_space_ldl_le(&address_space_memory, addr, as_cpu(cpu), NULL);
}

static void wr(int cpu, hwaddr addr, uint32_t value)
{
    address_space_stl_le(&address_space_memory, addr, value, as_cpu(cpu), NULL);
}

static uint8_t rdb(int cpu, hwaddr addr)
{
    return address_space_ldub(&address_space_memory, addr, as_cpu(cpu), NULL);
}

static void wrb(int cpu, hwaddr addr, uint8_t value)
{
    address_space_stb(&address_space_memory, addr, value, as_cpu(cpu), NULL);
}

static void connect_outputs(SysBusDevice *sbd, int ncpu)
{
    for (int i = 0; i < ncpu; i++) {
        sysbus_connect_irq(sbd, i, qemu_allocate_irq(record_irq, NULL, i));
        sysbus_connect_irq(sbd, ncpu + i, qemu_allocate_irq(record_fiq, NULL, i));
    }
}


/* ---- Migration helpers ------------------------------------------------------------ */

/* The device's section body as the savevm engine writes it. */
static uint8_t *save_device(DeviceState *dev, size_t *len)
{
    QEMUFile *f = qemu_file_new_mem_output();
    Error *err = NULL;
    const uint8_t *p;
    uint8_t *copy;

    ck_assert_msg(vmstate_save_state(f, qdev_get_vmsd(dev), dev, NULL, &err) == 0, "%s",
                  err ? error_get_pretty(err) : "");
    p = qemu_file_mem_output_data(f, len);
    copy = g_memdup2(p, *len);
    qemu_fclose(f);
    return copy;
}

/* Load a section body into dev; 0 or the engine's negative errno. */
static int load_device(DeviceState *dev, const uint8_t *data, size_t len)
{
    const VMStateDescription *vmsd = qdev_get_vmsd(dev);
    QEMUFile *f = qemu_file_new_mem_input(data, len);
    Error *err = NULL;
    int ret = vmstate_load_state(f, vmsd, dev, vmsd->version_id, &err);

    error_free(err);
    qemu_fclose(f);
    return ret;
}

/* ---- GICv2 ------------------------------------------------------------------------ */

enum {
    GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_IIDR = 0x008, GICD_IGROUPR = 0x080,
    GICD_ISENABLER = 0x100, GICD_ICENABLER = 0x180, GICD_ISPENDR = 0x200,
    GICD_ICPENDR = 0x280, GICD_ISACTIVER = 0x300, GICD_ICACTIVER = 0x380,
    GICD_IPRIORITYR = 0x400, GICD_ITARGETSR = 0x800, GICD_ICFGR = 0xc00, GICD_SGIR = 0xf00,
    GICD_CPENDSGIR = 0xf10, GICD_SPENDSGIR = 0xf20, GICD_PIDR2 = 0xfe8,
};
enum {
    GICC_CTLR = 0x00, GICC_PMR = 0x04, GICC_BPR = 0x08, GICC_IAR = 0x0c, GICC_EOIR = 0x10,
    GICC_RPR = 0x14, GICC_HPPIR = 0x18, GICC_ABPR = 0x1c, GICC_AIAR = 0x20, GICC_AEOIR = 0x24,
    GICC_APR0 = 0xd0, GICC_IIDR = 0xfc, GICC_DIR = 0x1000,
};

static DeviceState *v2_dev;
static int v2_ncpu, v2_nirq;

static DeviceState *try_gicv2(int ncpu, int nirq, int revision, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_ARM_GIC);

    qdev_prop_set_uint32(dev, "num-cpu", ncpu);
    qdev_prop_set_uint32(dev, "num-irq", nirq);
    qdev_prop_set_uint32(dev, "revision", revision);
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    return dev;
}

/* A GICv2 mapped at the virt board's addresses, distributor and interfaces on. */
static void start_gicv2(int ncpu, int nirq, int revision)
{
    SysBusDevice *sbd;

    v2_dev = try_gicv2(ncpu, nirq, revision, &error_fatal);
    v2_ncpu = ncpu;
    v2_nirq = nirq;
    sbd = SYS_BUS_DEVICE(v2_dev);
    sysbus_mmio_map(sbd, 0, DIST);
    sysbus_mmio_map(sbd, 1, CPUIF);
    connect_outputs(sbd, ncpu);
    wr(0, DIST + GICD_CTLR, 1);
    for (int cpu = 0; cpu < ncpu; cpu++) {
        wr(cpu, CPUIF + GICC_CTLR, 1);
        wr(cpu, CPUIF + GICC_PMR, 0xf0);
    }
}

static qemu_irq v2_spi(int irq)
{
    return qdev_get_gpio_in(v2_dev, irq - 32);
}

static qemu_irq v2_ppi(int cpu, int irq)
{
    return qdev_get_gpio_in(v2_dev, v2_nirq - 32 + 32 * cpu + irq);
}

/* Enable irq (banked: as cpu) with a priority and, for SPIs, a target list. */
static void v2_setup(int cpu, int irq, uint8_t prio, uint8_t targets)
{
    wr(cpu, DIST + GICD_ISENABLER + 4 * (irq / 32), 1u << (irq % 32));
    wrb(cpu, DIST + GICD_IPRIORITYR + irq, prio);
    if (irq >= 32) {
        wrb(cpu, DIST + GICD_ITARGETSR + irq, targets);
    }
}

static bool v2_active(int cpu, int irq)
{
    return rd(cpu, DIST + GICD_ISACTIVER + 4 * (irq / 32)) & (1u << (irq % 32));
}

START_TEST(test_gicv2_identifies_itself)
{
    start_gicv2(2, 288, 2);
    ck_assert_uint_eq(rd(0, DIST + GICD_TYPER), 8 | (1 << 5));
    ck_assert_uint_eq(rd(0, DIST + GICD_IIDR), 0x43b);
    ck_assert_uint_eq(rd(0, DIST + GICD_PIDR2), 0x2b);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IIDR), 0x2043b);
    /* SGIs read as edge-triggered, PPIs and SPIs as level after reset. */
    ck_assert_uint_eq(rd(0, DIST + GICD_ICFGR), 0xaaaaaaaa);
    ck_assert_uint_eq(rd(0, DIST + GICD_ICFGR + 8), 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0xff);
}
END_TEST

START_TEST(test_gicv2_spi_reaches_only_its_target_cpu)
{
    start_gicv2(2, 288, 2);
    v2_setup(0, 40, 0x80, 0x2);
    qemu_set_irq(v2_spi(40), 1);
    ck_assert_int_eq(irq_out[1], 1);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_int_eq(fiq_out[1], 0);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_HPPIR), 40);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_HPPIR), 1023);

    /* Retargeting moves the pending interrupt to the other CPU. */
    wrb(0, DIST + GICD_ITARGETSR + 40, 0x1);
    ck_assert_int_eq(irq_out[1], 0);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(rdb(1, DIST + GICD_ITARGETSR + 40), 0x1);

    /* Disabling it, or the distributor, silences it. */
    wr(0, DIST + GICD_ICENABLER + 4, 1u << 8);
    ck_assert_int_eq(irq_out[0], 0);
    wr(0, DIST + GICD_ISENABLER + 4, 1u << 8);
    ck_assert_int_eq(irq_out[0], 1);
    wr(0, DIST + GICD_CTLR, 0);
    ck_assert_int_eq(irq_out[0], 0);
}
END_TEST

START_TEST(test_gicv2_acknowledge_activates_and_eoi_completes)
{
    start_gicv2(1, 64, 2);
    v2_setup(0, 33, 0x80, 0);
    wr(0, DIST + GICD_ICFGR + 8, 1u << 3);          /* INTID 33 edge-triggered */
    qemu_set_irq(v2_spi(33), 1);
    qemu_set_irq(v2_spi(33), 0);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert(rd(0, DIST + GICD_ISPENDR + 4) & 2);

    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 33);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert(v2_active(0, 33));
    ck_assert(!(rd(0, DIST + GICD_ISPENDR + 4) & 2));
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0x80);
    /* Nothing else pending: a second acknowledge is spurious. */
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 1023);

    wr(0, CPUIF + GICC_EOIR, 33);
    ck_assert(!v2_active(0, 33));
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0xff);
    ck_assert_int_eq(irq_out[0], 0);
}
END_TEST

START_TEST(test_gicv2_level_interrupt_repends_while_line_high)
{
    start_gicv2(1, 64, 2);
    v2_setup(0, 34, 0x80, 0);
    qemu_set_irq(v2_spi(34), 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 34);
    /* Active and pending: not signalled again until deactivated. */
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert(rd(0, DIST + GICD_ISPENDR + 4) & (1u << 2));
    wr(0, CPUIF + GICC_EOIR, 34);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 34);
    /* The device drops its line before the handler finishes: no re-pending. */
    qemu_set_irq(v2_spi(34), 0);
    wr(0, CPUIF + GICC_EOIR, 34);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 1023);
    /* Clearing the pending latch cannot hide a line that is still high. */
    qemu_set_irq(v2_spi(34), 1);
    wr(0, DIST + GICD_ICPENDR + 4, 1u << 2);
    ck_assert_int_eq(irq_out[0], 1);
}
END_TEST

START_TEST(test_gicv2_edge_interrupt_latches_each_edge_once)
{
    start_gicv2(1, 64, 2);
    v2_setup(0, 35, 0x80, 0);
    wr(0, DIST + GICD_ICFGR + 8, 1u << 7);          /* INTID 35 edge-triggered */
    ck_assert_uint_eq(rd(0, DIST + GICD_ICFGR + 8), 1u << 7);
    qemu_set_irq(v2_spi(35), 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 35);
    wr(0, CPUIF + GICC_EOIR, 35);
    /* The line is still high but no new edge came: nothing pending. */
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 1023);
    /* An edge while active leaves it active and pending; EOI re-signals it. */
    qemu_set_irq(v2_spi(35), 0);
    qemu_set_irq(v2_spi(35), 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 35);
    qemu_set_irq(v2_spi(35), 0);
    qemu_set_irq(v2_spi(35), 1);
    ck_assert_int_eq(irq_out[0], 0);
    wr(0, CPUIF + GICC_EOIR, 35);
    ck_assert_int_eq(irq_out[0], 1);
}
END_TEST

START_TEST(test_gicv2_pmr_masks_lower_priorities)
{
    start_gicv2(1, 64, 2);
    v2_setup(0, 36, 0x80, 0);
    wr(0, CPUIF + GICC_PMR, 0x80);
    qemu_set_irq(v2_spi(36), 1);
    /* Priority must be strictly higher (lower value) than the mask. */
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 1023);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_HPPIR), 36);
    wr(0, CPUIF + GICC_PMR, 0x88);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 36);
}
END_TEST

START_TEST(test_gicv2_higher_priority_preempts_by_group_priority)
{
    start_gicv2(1, 64, 2);
    v2_setup(0, 40, 0x88, 0);
    v2_setup(0, 41, 0x81, 0);
    v2_setup(0, 42, 0x40, 0);

    qemu_set_irq(v2_spi(40), 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 40);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0x88);
    /* With BPR 0 the group priority is bits [7:1]: 0x80 beats 0x88, and nests. */
    qemu_set_irq(v2_spi(41), 1);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 41);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0x80);
    qemu_set_irq(v2_spi(41), 0);
    wr(0, CPUIF + GICC_EOIR, 41);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0x88);
    qemu_set_irq(v2_spi(40), 0);
    wr(0, CPUIF + GICC_EOIR, 40);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0xff);

    /* With BPR 3 it is bits [7:4]: 0x88 runs at 0x80 and 0x81 cannot preempt it. */
    wr(0, CPUIF + GICC_BPR, 3);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_BPR), 3);
    qemu_set_irq(v2_spi(40), 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 40);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0x80);
    qemu_set_irq(v2_spi(41), 1);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 1023);
    /* A higher group priority still preempts. */
    qemu_set_irq(v2_spi(42), 1);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 42);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0x40);
    /* One active-priority bit per level (priority >> 1): 0x40 and 0x80. */
    ck_assert_uint_eq(rd(0, CPUIF + GICC_APR0), 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_APR0 + 4), 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_APR0 + 8), 1);
    qemu_set_irq(v2_spi(42), 0);
    wr(0, CPUIF + GICC_EOIR, 42);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0x80);
    qemu_set_irq(v2_spi(40), 0);
    wr(0, CPUIF + GICC_EOIR, 40);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0xff);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 41);
}
END_TEST

START_TEST(test_gicv2_sgis_carry_their_source_cpu)
{
    start_gicv2(3, 64, 2);
    /* CPU 1 and CPU 2 each send SGI 5 to CPU 0 (filter 0, target list). */
    wr(1, DIST + GICD_SGIR, (1u << 16) | 5);
    wr(2, DIST + GICD_SGIR, (1u << 16) | 5);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_int_eq(irq_out[1], 0);
    ck_assert_uint_eq(rdb(0, DIST + GICD_SPENDSGIR + 5), 0x6);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 5 | (1 << 10));
    wr(0, CPUIF + GICC_EOIR, 5 | (1 << 10));
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 5 | (2 << 10));
    wr(0, CPUIF + GICC_EOIR, 5 | (2 << 10));
    ck_assert_int_eq(irq_out[0], 0);

    /* Filter 1: everyone but the sender; filter 2: the sender only. */
    wr(0, DIST + GICD_SGIR, (1u << 24) | 7);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_int_eq(irq_out[1], 1);
    ck_assert_int_eq(irq_out[2], 1);
    ck_assert_uint_eq(rd(2, CPUIF + GICC_IAR), 7);
    wr(1, DIST + GICD_SGIR, (2u << 24) | 9);
    ck_assert_uint_eq(rdb(1, DIST + GICD_SPENDSGIR + 9), 0x2);
    ck_assert_uint_eq(rdb(0, DIST + GICD_SPENDSGIR + 9), 0);

    /* GICD_CPENDSGIR clears one source; GICD_SPENDSGIR sets one. */
    wrb(1, DIST + GICD_CPENDSGIR + 9, 0x2);
    ck_assert_uint_eq(rdb(1, DIST + GICD_SPENDSGIR + 9), 0);
    wrb(1, DIST + GICD_SPENDSGIR + 9, 0x4);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_HPPIR), 7 | (0 << 10));
}
END_TEST

START_TEST(test_gicv2_ppis_are_banked_per_cpu)
{
    start_gicv2(2, 64, 2);
    wr(1, DIST + GICD_ISENABLER, 1u << 30);
    wrb(1, DIST + GICD_IPRIORITYR + 30, 0xa0);
    wrb(0, DIST + GICD_IPRIORITYR + 30, 0x10);
    ck_assert_uint_eq(rdb(1, DIST + GICD_IPRIORITYR + 30), 0xa0);
    ck_assert_uint_eq(rdb(0, DIST + GICD_IPRIORITYR + 30), 0x10);
    ck_assert(!(rd(0, DIST + GICD_ISENABLER) & (1u << 30)));

    /* CPU 0's timer line does nothing while CPU 0 has PPI 30 disabled. */
    qemu_set_irq(v2_ppi(0, 30), 1);
    ck_assert_int_eq(irq_out[0], 0);
    qemu_set_irq(v2_ppi(1, 30), 1);
    ck_assert_int_eq(irq_out[1], 1);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_IAR), 30);

    /* GICD_ITARGETSR0..7 name the reading CPU and ignore writes. */
    ck_assert_uint_eq(rd(1, DIST + GICD_ITARGETSR), 0x02020202);
    ck_assert_uint_eq(rd(0, DIST + GICD_ITARGETSR + 28), 0x01010101);
    wr(0, DIST + GICD_ITARGETSR + 28, 0);
    ck_assert_uint_eq(rd(0, DIST + GICD_ITARGETSR + 28), 0x01010101);
}
END_TEST

START_TEST(test_gicv2_spurious_when_nothing_to_signal)
{
    start_gicv2(1, 64, 2);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 1023);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_HPPIR), 1023);
    /* Pending but the CPU interface is off. */
    v2_setup(0, 32, 0x00, 0);
    qemu_set_irq(v2_spi(32), 1);
    wr(0, CPUIF + GICC_CTLR, 0);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 1023);
    /* EOI of the spurious ID is harmless. */
    wr(0, CPUIF + GICC_EOIR, 1023);
    wr(0, CPUIF + GICC_CTLR, 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 32);
}
END_TEST

START_TEST(test_gicv2_eoimode_splits_drop_and_deactivate)
{
    start_gicv2(1, 64, 2);
    wr(0, CPUIF + GICC_CTLR, 1 | (1u << 9));
    v2_setup(0, 37, 0x80, 0);
    qemu_set_irq(v2_spi(37), 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 37);
    wr(0, CPUIF + GICC_EOIR, 37);
    /* Priority dropped, but still active: not signalled again. */
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0xff);
    ck_assert(v2_active(0, 37));
    ck_assert_int_eq(irq_out[0], 0);
    wr(0, CPUIF + GICC_DIR, 37);
    ck_assert(!v2_active(0, 37));
    ck_assert_int_eq(irq_out[0], 1);

    /* Without EOImode, GICC_DIR is ignored. */
    wr(0, CPUIF + GICC_CTLR, 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 37);
    wr(0, CPUIF + GICC_DIR, 37);
    ck_assert(v2_active(0, 37));
}
END_TEST

START_TEST(test_gicv2_groups_ackctl_and_fiq)
{
    start_gicv2(1, 64, 2);
    wr(0, DIST + GICD_IGROUPR + 4, 1u << 8);        /* INTID 40: Group 1 */
    ck_assert_uint_eq(rd(0, DIST + GICD_IGROUPR + 4), 1u << 8);
    wr(0, DIST + GICD_CTLR, 3);
    wr(0, CPUIF + GICC_CTLR, 1 | 2 | (1u << 3));    /* both groups, FIQEn */
    v2_setup(0, 40, 0x40, 0);
    v2_setup(0, 41, 0x80, 0);

    qemu_set_irq(v2_spi(41), 1);
    ck_assert_int_eq(fiq_out[0], 1);
    ck_assert_int_eq(irq_out[0], 0);
    qemu_set_irq(v2_spi(40), 1);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_int_eq(fiq_out[0], 0);
    /* Group 1 first, AckCtl clear: GICC_IAR gives 1022, GICC_AIAR takes it. */
    ck_assert_uint_eq(rd(0, CPUIF + GICC_HPPIR), 1022);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 1022);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_AIAR), 40);
    wr(0, CPUIF + GICC_AEOIR, 40);
    qemu_set_irq(v2_spi(40), 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_AIAR), 1023);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 41);
    wr(0, CPUIF + GICC_EOIR, 41);
    /* ABPR is at least one more than the minimum BPR. */
    wr(0, CPUIF + GICC_ABPR, 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_ABPR), 1);
}
END_TEST

START_TEST(test_gicv2_byte_and_word_access_agree)
{
    start_gicv2(2, 64, 2);
    wr(0, DIST + GICD_IPRIORITYR + 32, 0x40302010);
    ck_assert_uint_eq(rdb(0, DIST + GICD_IPRIORITYR + 34), 0x30);
    wrb(0, DIST + GICD_IPRIORITYR + 35, 0xf0);
    ck_assert_uint_eq(rd(0, DIST + GICD_IPRIORITYR + 32), 0xf0302010);
    wrb(0, DIST + GICD_ITARGETSR + 33, 0xff);       /* only CPUs 0 and 1 exist */
    ck_assert_uint_eq(rd(0, DIST + GICD_ITARGETSR + 32), 0x0300);
}
END_TEST

START_TEST(test_gicv2_unimplemented_interrupts_are_ignored)
{
    start_gicv2(2, 48, 2);                          /* 16 SPIs: not a multiple of 32 */
    ck_assert_uint_eq(rd(0, DIST + GICD_TYPER) & 0x1f, 1);
    wr(0, DIST + GICD_ISENABLER + 4, 0xffffffff);
    ck_assert_uint_eq(rd(0, DIST + GICD_ISENABLER + 4), 0x0000ffff);
    wr(0, DIST + GICD_ISENABLER + 0x7c, 0xffffffff);
    ck_assert_uint_eq(rd(0, DIST + GICD_ISENABLER + 0x7c), 0);
    wrb(0, DIST + GICD_IPRIORITYR + 60, 0x55);
    ck_assert_uint_eq(rdb(0, DIST + GICD_IPRIORITYR + 60), 0);
    wrb(0, DIST + GICD_ITARGETSR + 1019, 0x1);
    ck_assert_uint_eq(rdb(0, DIST + GICD_ITARGETSR + 1019), 0);
    wr(0, CPUIF + GICC_EOIR, 500);
    wr(0, CPUIF + GICC_DIR, 1000);
    wr(0, DIST + GICD_SGIR, 0x03ff00ff);            /* reserved filter */
    ck_assert_int_eq(irq_out[0] | irq_out[1], 0);
}
END_TEST

START_TEST(test_gicv2_survives_garbage_everywhere)
{
    GRand *rand = g_rand_new_with_seed(42);

    start_gicv2(4, 100, 2);
    for (int round = 0; round < 4; round++) {
        for (hwaddr off = 0; off < 0x1000; off += 4) {
            int cpu = g_rand_int_range(rand, 0, 6);     /* includes missing CPUs */
            wr(cpu, DIST + off, g_rand_int(rand));
            wrb(cpu, DIST + off + 1, g_rand_int(rand));
            (void)rd(cpu, DIST + off);
        }
        for (hwaddr off = 0; off < 0x2000; off += 4) {
            int cpu = g_rand_int_range(rand, 0, 4);
            if (off != GICC_CTLR) {
                wr(cpu, CPUIF + off, g_rand_int(rand));
            }
            (void)rd(cpu, CPUIF + off);
        }
        for (int n = 0; n < 100 - 32 + 4 * 32; n++) {
            qemu_set_irq(qdev_get_gpio_in(v2_dev, n), g_rand_int_range(rand, 0, 2));
        }
    }
    /* Still a coherent GIC. */
    ck_assert_uint_eq(rd(0, DIST + GICD_TYPER), 3 | (3 << 5));
    device_cold_reset(v2_dev);
    ck_assert_uint_eq(rd(0, DIST + GICD_CTLR), 0);
    ck_assert_uint_eq(rd(2, CPUIF + GICC_RPR), 0xff);
    ck_assert_uint_eq(rd(1, DIST + GICD_ISENABLER), 0xffff);
    for (int cpu = 0; cpu < 4; cpu++) {
        ck_assert_int_eq(irq_out[cpu] | fiq_out[cpu], 0);
    }
    g_rand_free(rand);
}
END_TEST

START_TEST(test_gicv2_revision_1_has_no_groups)
{
    start_gicv2(1, 64, 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IIDR), 0x1043b);
    ck_assert_uint_eq(rd(0, DIST + GICD_PIDR2), 0x1b);
    wr(0, DIST + GICD_IGROUPR + 4, 0xffffffff);
    ck_assert_uint_eq(rd(0, DIST + GICD_IGROUPR + 4), 0);
    v2_setup(0, 40, 0x40, 0);
    qemu_set_irq(v2_spi(40), 1);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_IAR), 40);
    wr(0, CPUIF + GICC_EOIR, 40);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_RPR), 0xff);
}
END_TEST

START_TEST(test_gicv2_priority_bits_limit_registers)
{
    DeviceState *dev = qdev_new(TYPE_ARM_GIC);

    qdev_prop_set_uint32(dev, "num-irq", 64);
    qdev_prop_set_uint32(dev, "revision", 2);
    qdev_prop_set_uint32(dev, "num-priority-bits", 5);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, DIST);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 1, CPUIF);
    wrb(0, DIST + GICD_IPRIORITYR + 40, 0xff);
    ck_assert_uint_eq(rdb(0, DIST + GICD_IPRIORITYR + 40), 0xf8);
    wr(0, CPUIF + GICC_PMR, 0xff);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_PMR), 0xf8);
    wr(0, CPUIF + GICC_BPR, 0);
    ck_assert_uint_eq(rd(0, CPUIF + GICC_BPR), 2);
}
END_TEST

START_TEST(test_gicv2_rejects_bad_configurations)
{
    static const struct { int ncpu, nirq, rev; const char *msg; } bad[] = {
        { 9, 64, 2, "num-cpu 9" },
        { 0, 64, 2, "num-cpu 0" },
        { 1, 16, 2, "num-irq 16" },
        { 1, 1021, 2, "num-irq 1021" },
        { 1, 64, 3, "revision 3" },
    };
    Error *err = NULL;
    DeviceState *dev;

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        ck_assert_ptr_null(try_gicv2(bad[i].ncpu, bad[i].nirq, bad[i].rev, &err));
        ck_assert_msg(strstr(error_get_pretty(err), bad[i].msg), "%s", error_get_pretty(err));
        error_free(err);
        err = NULL;
    }
    dev = qdev_new(TYPE_ARM_GIC);
    qdev_prop_set_bit(dev, "has-security-extensions", true);
    ck_assert(!sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "has-security-extensions"));
    error_free(err);
    object_unref(OBJECT(dev));
}
END_TEST


START_TEST(test_gicv2_migrates_in_qemu_layout)
{
    uint8_t *data;
    size_t len;

    start_gicv2(2, 288, 2);
    v2_setup(0, 40, 0x80, 0x2);
    wr(1, CPUIF + GICC_BPR, 2);
    wr(0, DIST + GICD_SGIR, (2u << 16) | 3);        /* CPU 0 -> CPU 1, SGI 3 */
    ck_assert_uint_eq(rd(1, CPUIF + GICC_IAR), 3);
    wr(0, DIST + GICD_SGIR, (2u << 16) | 3);        /* again, while active */
    qemu_set_irq(v2_spi(40), 1);
    ck_assert_int_eq(irq_out[1], 0);                /* SGI 3 runs at priority 0 */

    ck_assert(vmstate_check_description(qdev_get_vmsd(v2_dev), &error_fatal));
    ck_assert_str_eq(qdev_get_vmsd(v2_dev)->name, "arm_gic");
    data = save_device(v2_dev, &len);
    /* QEMU's "arm_gic" v12 fields for 8 CPUs and 1020 interrupts. */
    ck_assert_uint_eq(len, 9888);

    device_cold_reset(v2_dev);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_RPR), 0xff);
    ck_assert_int_eq(load_device(v2_dev, data, len), 0);
    ck_assert_uint_eq(rd(0, DIST + GICD_CTLR), 1);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_RPR), 0);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_BPR), 2);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_PMR), 0xf0);
    ck_assert_uint_eq(rdb(0, DIST + GICD_ITARGETSR + 40), 0x2);
    ck_assert(v2_active(1, 3));
    ck_assert_int_eq(irq_out[1], 0);
    wr(1, CPUIF + GICC_EOIR, 3);
    ck_assert_int_eq(irq_out[1], 1);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_IAR), 3);
    wr(1, CPUIF + GICC_EOIR, 3);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_IAR), 40);
    ck_assert_uint_eq(rd(1, CPUIF + GICC_RPR), 0x80);
    g_free(data);
}
END_TEST

START_TEST(test_gicv2_hostile_stream_is_contained)
{
    GRand *rand = g_rand_new_with_seed(3);
    uint8_t *data;
    size_t len;

    start_gicv2(2, 64, 2);
    data = save_device(v2_dev, &len);
    for (size_t i = 0; i < len; i++) {
        data[i] = g_rand_int(rand);
    }
    (void)load_device(v2_dev, data, len);
    ck_assert_uint_eq(rd(0, DIST + GICD_TYPER), 1 | (1 << 5));
    ck_assert_uint_eq(rd(0, DIST + GICD_ITARGETSR + 40) & ~0x03030303u, 0);
    ck_assert_uint_eq(rd(0, DIST + GICD_ISENABLER + 8), 0);  /* beyond num-irq */
    for (int i = 0; i < 200; i++) {
        int cpu = i & 1;
        uint32_t iar = rd(cpu, CPUIF + GICC_IAR);
        ck_assert(iar < 64 || iar >= 1020);
        wr(cpu, CPUIF + GICC_EOIR, iar);
    }
    g_rand_free(rand);
    g_free(data);
}
END_TEST

/* ---- GICv3 ------------------------------------------------------------------------ */

enum {
    GICD_IROUTER = 0x6000, GICD_PIDR2_V3 = 0xffe8,
    GICR_CTLR = 0x0, GICR_IIDR = 0x4, GICR_TYPER = 0x8, GICR_WAKER = 0x14,
    GICR_PIDR2 = 0xffe8, GICR_SGI = 0x10000,
};

static GICv3State *v3;
static int v3_nirq;

static DeviceState *try_gicv3(int ncpu, int nirq, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_ARM_GICV3);

    qdev_prop_set_uint32(dev, "num-cpu", ncpu);
    qdev_prop_set_uint32(dev, "num-irq", nirq);
    if (!sysbus_realize(SYS_BUS_DEVICE(dev), errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    return dev;
}

static hwaddr rd_base(int cpu)
{
    return REDIST + (hwaddr)cpu * 0x20000;
}

static hwaddr sgi_base(int cpu)
{
    return rd_base(cpu) + GICR_SGI;
}

static uint64_t rdq(hwaddr addr)
{
    return address_space_ldq_le(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, NULL);
}

static void wrq(hwaddr addr, uint64_t value)
{
    address_space_stq_le(&address_space_memory, addr, value, MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint64_t icc_rd(int cpu, GICv3CPUIfReg reg)
{
    return gicv3_cpuif_read(v3, cpu, reg);
}

static void icc_wr(int cpu, GICv3CPUIfReg reg, uint64_t value)
{
    gicv3_cpuif_write(v3, cpu, reg, value);
}

/* A GICv3 mapped like the virt board's, initialised the way Linux does it. */
static void start_gicv3(int ncpu, int nirq)
{
    DeviceState *dev = try_gicv3(ncpu, nirq, &error_fatal);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    v3 = ARM_GICV3(dev);
    v3_nirq = nirq;
    sysbus_mmio_map(sbd, 0, DIST);
    sysbus_mmio_map(sbd, 1, REDIST);
    connect_outputs(sbd, ncpu);
    wr(0, DIST + GICD_CTLR, 0x13);                  /* ARE, EnableGrp1, EnableGrp0 */
    for (int irq = 32; irq < nirq; irq += 32) {
        wr(0, DIST + GICD_IGROUPR + irq / 8, 0xffffffff);
    }
    for (int cpu = 0; cpu < ncpu; cpu++) {
        wr(0, rd_base(cpu) + GICR_WAKER, 0);
        wr(0, sgi_base(cpu) + GICD_IGROUPR, 0xffffffff);
        icc_wr(cpu, GICV3_ICC_PMR_EL1, 0xf0);
        icc_wr(cpu, GICV3_ICC_IGRPEN1_EL1, 1);
    }
}

static qemu_irq v3_spi(int irq)
{
    return qdev_get_gpio_in(DEVICE(v3), irq - 32);
}

static qemu_irq v3_ppi(int cpu, int irq)
{
    return qdev_get_gpio_in(DEVICE(v3), v3_nirq - 32 + 32 * cpu + irq);
}

/* Enable SPI irq at prio, routed to the CPU with affinity aff (IROUTER). */
static void v3_setup_spi(int irq, uint8_t prio, uint64_t aff)
{
    wr(0, DIST + GICD_ISENABLER + 4 * (irq / 32), 1u << (irq % 32));
    wrb(0, DIST + GICD_IPRIORITYR + irq, prio);
    wrq(DIST + GICD_IROUTER + 8 * irq, aff);
}

START_TEST(test_gicv3_identifies_itself)
{
    start_gicv3(2, 288);
    ck_assert_uint_eq(rd(0, DIST + GICD_PIDR2_V3) >> 4 & 0xf, 3);
    ck_assert_uint_eq(rd(0, DIST + GICD_TYPER), 0x03780000 | 8);
    ck_assert_uint_eq(rd(0, DIST + GICD_IIDR), 0x43b);
    ck_assert_uint_eq(rd(0, DIST + GICD_CTLR), 0x53);   /* + DS, ARE read as one */
    ck_assert_uint_eq(rd(0, rd_base(1) + GICR_PIDR2) >> 4 & 0xf, 3);
    ck_assert_uint_eq(rd(0, rd_base(0) + GICR_IIDR), 0x43b);
    ck_assert_uint_eq(rdq(rd_base(0) + GICR_TYPER), 1 << 24);
    ck_assert_uint_eq(rdq(rd_base(1) + GICR_TYPER),
                      (1ull << 32) | (1 << 24) | (1 << 8) | (1 << 4));
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_SRE_EL1) & 1, 1);
    /* PRIbits = 4 (5 bits), IDbits = 1 (24 bits, as QEMU says), A3V. */
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_CTLR_EL1), (4u << 8) | (1u << 11) | (1u << 15));
}
END_TEST

START_TEST(test_gicv3_redistributor_regions_end_with_last)
{
    DeviceState *dev = qdev_new(TYPE_ARM_GICV3);

    qdev_prop_set_uint32(dev, "num-cpu", 3);
    qdev_prop_set_uint32(dev, "num-irq", 64);
    qdev_prop_set_uint32(dev, "len-redist-region-count", 2);
    qdev_prop_set_uint32(dev, "redist-region-count[0]", 2);
    qdev_prop_set_uint32(dev, "redist-region-count[1]", 4);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    ck_assert_uint_eq(memory_region_size(sysbus_mmio_get_region(SYS_BUS_DEVICE(dev), 1)),
                      0x40000);
    ck_assert_uint_eq(memory_region_size(sysbus_mmio_get_region(SYS_BUS_DEVICE(dev), 2)),
                      0x80000);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 1, REDIST);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 2, 0x10000000);
    ck_assert_uint_eq(rdq(rd_base(0) + GICR_TYPER) & (1 << 4), 0);
    ck_assert_uint_eq(rdq(rd_base(1) + GICR_TYPER) & (1 << 4), 1 << 4);
    ck_assert_uint_eq(rdq(0x10000000 + GICR_TYPER),
                      (2ull << 32) | (1 << 24) | (2 << 8) | (1 << 4));
    /* Room for redistributors that do not exist reads as zero. */
    ck_assert_uint_eq(rd(0, 0x10000000 + 0x20000 + GICR_PIDR2), 0);
    wr(0, 0x10000000 + 0x20000 + GICR_WAKER, 0);
}
END_TEST

START_TEST(test_gicv3_waker_handshake)
{
    DeviceState *dev = try_gicv3(1, 64, &error_fatal);

    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 1, REDIST);
    /* Out of reset the processor is asleep, and so are its children. */
    ck_assert_uint_eq(rd(0, rd_base(0) + GICR_WAKER), 0x6);
    wr(0, rd_base(0) + GICR_WAKER, 0);
    ck_assert_uint_eq(rd(0, rd_base(0) + GICR_WAKER), 0);
    wr(0, rd_base(0) + GICR_WAKER, 0x2);
    ck_assert_uint_eq(rd(0, rd_base(0) + GICR_WAKER), 0x6);
}
END_TEST

START_TEST(test_gicv3_irouter_routes_spis_by_affinity)
{
    start_gicv3(2, 288);
    v3_setup_spi(48, 0xa0, 1);                      /* Aff0 = 1: CPU 1 */
    ck_assert_uint_eq(rdq(DIST + GICD_IROUTER + 8 * 48), 1);
    qemu_set_irq(v3_spi(48), 1);
    ck_assert_int_eq(irq_out[1], 1);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_HPPIR1_EL1), 48);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 1023);
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_IAR1_EL1), 48);
    ck_assert_int_eq(irq_out[1], 0);
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_RPR_EL1), 0xa0);
    qemu_set_irq(v3_spi(48), 0);
    icc_wr(1, GICV3_ICC_EOIR1_EL1, 48);
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_RPR_EL1), 0xff);
    ck_assert_uint_eq(rd(0, DIST + GICD_ISACTIVER + 4) & (1u << 16), 0);

    /* Rerouting follows IROUTER, written in halves; IRM is not implemented. */
    qemu_set_irq(v3_spi(48), 1);
    wr(0, DIST + GICD_IROUTER + 8 * 48, 0x80000000);
    wr(0, DIST + GICD_IROUTER + 8 * 48 + 4, 0);
    ck_assert_uint_eq(rdq(DIST + GICD_IROUTER + 8 * 48), 0);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_int_eq(irq_out[1], 0);
    /* An affinity no CPU has: nobody gets it. */
    wrq(DIST + GICD_IROUTER + 8 * 48, 0x0100000000ull);
    ck_assert_int_eq(irq_out[0] | irq_out[1], 0);
    /* The board moves CPU 1 to Aff3 = 1: now it matches. */
    gicv3_set_cpu_affinity(v3, 1, 0x0100000000ull);
    ck_assert_int_eq(irq_out[1], 1);
    ck_assert_uint_eq(rdq(rd_base(1) + GICR_TYPER) >> 32, 0x01000000);
}
END_TEST

START_TEST(test_gicv3_group0_signals_fiq)
{
    start_gicv3(1, 64);
    icc_wr(0, GICV3_ICC_IGRPEN0_EL1, 1);
    wr(0, DIST + GICD_IGROUPR + 4, 0xfffffffe);     /* INTID 32: Group 0 */
    v3_setup_spi(32, 0x80, 0);
    qemu_set_irq(v3_spi(32), 1);
    ck_assert_int_eq(fiq_out[0], 1);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 1023);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_HPPIR0_EL1), 32);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR0_EL1), 32);
    ck_assert_int_eq(fiq_out[0], 0);
    /* EOIR1 does not end a Group 0 interrupt. */
    icc_wr(0, GICV3_ICC_EOIR1_EL1, 32);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_RPR_EL1), 0x80);
    icc_wr(0, GICV3_ICC_EOIR0_EL1, 32);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_RPR_EL1), 0xff);
}
END_TEST

START_TEST(test_gicv3_pmr_bpr_and_preemption)
{
    start_gicv3(1, 64);
    v3_setup_spi(40, 0x88, 0);
    v3_setup_spi(41, 0x80, 0);
    /* 5 priority bits: PMR keeps [7:3]; Linux's Group 0 probe value survives. */
    icc_wr(0, GICV3_ICC_PMR_EL1, 0xff);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_PMR_EL1), 0xf8);
    icc_wr(0, GICV3_ICC_PMR_EL1, 0x08);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_PMR_EL1), 0x08);
    icc_wr(0, GICV3_ICC_BPR1_EL1, 0);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_BPR1_EL1), 3);
    icc_wr(0, GICV3_ICC_BPR0_EL1, 0);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_BPR0_EL1), 2);

    icc_wr(0, GICV3_ICC_PMR_EL1, 0x88);
    qemu_set_irq(v3_spi(40), 1);
    ck_assert_int_eq(irq_out[0], 0);                /* 0x88 is not above PMR 0x88 */
    icc_wr(0, GICV3_ICC_PMR_EL1, 0xf0);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 40);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_AP1R0_EL1), 1u << (0x88 >> 3));
    /* BPR1 3: group priority [7:3], so 0x80 preempts 0x88, and nests. */
    qemu_set_irq(v3_spi(41), 1);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 41);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_RPR_EL1), 0x80);
    qemu_set_irq(v3_spi(41), 0);
    icc_wr(0, GICV3_ICC_EOIR1_EL1, 41);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_RPR_EL1), 0x88);
    qemu_set_irq(v3_spi(40), 0);
    icc_wr(0, GICV3_ICC_EOIR1_EL1, 40);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_RPR_EL1), 0xff);

    /* BPR1 5: group priority [7:5]; 0x88 runs at 0x80 and 0x80 cannot preempt. */
    icc_wr(0, GICV3_ICC_BPR1_EL1, 5);
    qemu_set_irq(v3_spi(40), 1);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 40);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_RPR_EL1), 0x80);
    qemu_set_irq(v3_spi(41), 1);
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 1023);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_HPPIR1_EL1), 41);
    /* CBPR: BPR1 reads BPR0 + 1 and ignores writes. */
    icc_wr(0, GICV3_ICC_CTLR_EL1, 1);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_BPR1_EL1), 3);
    icc_wr(0, GICV3_ICC_BPR1_EL1, 7);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_BPR1_EL1), 3);
    icc_wr(0, GICV3_ICC_EOIR1_EL1, 40);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 41);
}
END_TEST

START_TEST(test_gicv3_sgis_follow_affinity)
{
    start_gicv3(3, 64);
    wr(0, sgi_base(1) + GICD_ISENABLER, 0xffff);
    wr(0, sgi_base(2) + GICD_ISENABLER, 0xffff);
    /* From CPU 0 to Aff0 = 1 (target list bit 1), SGI 3. */
    icc_wr(0, GICV3_ICC_SGI1R_EL1, (3ull << 24) | (1 << 1));
    ck_assert_int_eq(irq_out[1], 1);
    ck_assert_int_eq(irq_out[2], 0);
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_IAR1_EL1), 3);
    icc_wr(1, GICV3_ICC_EOIR1_EL1, 3);
    /* IRM: everyone but the sender (CPU 0 has SGIs disabled anyway). */
    icc_wr(1, GICV3_ICC_SGI1R_EL1, (1ull << 40) | (4ull << 24));
    ck_assert_int_eq(irq_out[1], 0);
    ck_assert_int_eq(irq_out[2], 1);
    ck_assert(rd(0, sgi_base(0) + GICD_ISPENDR) & (1u << 4));
    ck_assert_uint_eq(icc_rd(2, GICV3_ICC_IAR1_EL1), 4);
    /* A Group 1 SGI request skips a PE where that SGI is Group 0. */
    wr(0, sgi_base(2) + GICD_IGROUPR, 0xffffffdf);
    icc_wr(0, GICV3_ICC_SGI1R_EL1, (5ull << 24) | (1 << 2));
    ck_assert(!(rd(0, sgi_base(2) + GICD_ISPENDR) & (1u << 5)));
    /* Aff1 and RS select other clusters. */
    gicv3_set_cpu_affinity(v3, 2, 0x0100 | 0x12);   /* Aff1 1, Aff0 0x12 */
    icc_wr(0, GICV3_ICC_SGI1R_EL1, (1ull << 44) | (1ull << 16) | (6ull << 24) | (1 << 2));
    ck_assert(rd(0, sgi_base(2) + GICD_ISPENDR) & (1u << 6));
    ck_assert(!(rd(0, sgi_base(1) + GICD_ISPENDR) & (1u << 6)));
}
END_TEST

START_TEST(test_gicv3_ppis_are_banked_per_redistributor)
{
    start_gicv3(2, 64);
    wr(0, sgi_base(1) + GICD_ISENABLER, 1u << 27);
    wrb(0, sgi_base(1) + GICD_IPRIORITYR + 27, 0x60);
    ck_assert_uint_eq(rdb(0, sgi_base(0) + GICD_IPRIORITYR + 27), 0);
    ck_assert_uint_eq(rd(0, sgi_base(1) + GICD_ISENABLER), 1u << 27);
    ck_assert_uint_eq(rd(0, sgi_base(0) + GICD_ISENABLER), 0);
    /* The distributor's copies of INTIDs 0-31 are RAZ/WI with affinity routing. */
    ck_assert_uint_eq(rd(0, DIST + GICD_ISENABLER), 0);
    ck_assert_uint_eq(rd(0, sgi_base(1) + GICD_ICFGR), 0xaaaaaaaa);

    qemu_set_irq(v3_ppi(0, 27), 1);
    ck_assert_int_eq(irq_out[0], 0);
    qemu_set_irq(v3_ppi(1, 27), 1);
    ck_assert_int_eq(irq_out[1], 1);
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_IAR1_EL1), 27);
    /* Level-triggered: still pending while the timer line is high. */
    ck_assert(rd(0, sgi_base(1) + GICD_ISPENDR) & (1u << 27));
    icc_wr(1, GICV3_ICC_EOIR1_EL1, 27);
    ck_assert_int_eq(irq_out[1], 1);
    qemu_set_irq(v3_ppi(1, 27), 0);
    ck_assert_int_eq(irq_out[1], 0);
}
END_TEST

START_TEST(test_gicv3_edge_and_eoimode)
{
    start_gicv3(1, 64);
    v3_setup_spi(33, 0x50, 0);
    wr(0, DIST + GICD_ICFGR + 8, 1u << 3);          /* INTID 33 edge-triggered */
    icc_wr(0, GICV3_ICC_CTLR_EL1, 2);               /* EOImode: drop only */
    qemu_set_irq(v3_spi(33), 1);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 33);
    icc_wr(0, GICV3_ICC_EOIR1_EL1, 33);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_RPR_EL1), 0xff);
    ck_assert(rd(0, DIST + GICD_ISACTIVER + 4) & 2);
    qemu_set_irq(v3_spi(33), 0);
    qemu_set_irq(v3_spi(33), 1);
    ck_assert_int_eq(irq_out[0], 0);                /* still active */
    icc_wr(0, GICV3_ICC_DIR_EL1, 33);
    ck_assert(!(rd(0, DIST + GICD_ISACTIVER + 4) & 2));
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 33);
    icc_wr(0, GICV3_ICC_EOIR1_EL1, 33);
    icc_wr(0, GICV3_ICC_DIR_EL1, 33);
    ck_assert_int_eq(irq_out[0], 0);                /* one edge, one interrupt */
}
END_TEST

START_TEST(test_gicv3_survives_garbage_everywhere)
{
    GRand *rand = g_rand_new_with_seed(7);

    start_gicv3(2, 100);
    for (int round = 0; round < 2; round++) {
        for (hwaddr off = 0; off < 0x10000; off += 4) {
            if (off == GICD_CTLR) {
                continue;
            }
            wr(0, DIST + off, g_rand_int(rand));
            wrb(0, DIST + off + 3, g_rand_int(rand));
            (void)rd(0, DIST + off);
        }
        for (hwaddr off = 0; off < 0x40000; off += 4) {
            wr(0, REDIST + off, g_rand_int(rand));
            (void)rdq(REDIST + (off & ~7));
        }
        for (int reg = 0; reg < GICV3_CPUIF_NUM_REGS; reg++) {
            for (int cpu = -1; cpu < 3; cpu++) {
                uint64_t value = (uint64_t)g_rand_int(rand) << 32 | g_rand_int(rand);
                gicv3_cpuif_write(v3, cpu, reg, value);
                (void)gicv3_cpuif_read(v3, cpu, reg);
            }
        }
        for (int n = 0; n < 100 - 32 + 2 * 32; n++) {
            qemu_set_irq(qdev_get_gpio_in(DEVICE(v3), n), g_rand_int_range(rand, 0, 2));
        }
    }
    ck_assert_uint_eq(rd(0, DIST + GICD_TYPER), 0x03780000 | 3);
    device_cold_reset(DEVICE(v3));
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_RPR_EL1), 0xff);
    ck_assert_uint_eq(rd(0, rd_base(1) + GICR_WAKER), 0x6);
    ck_assert_int_eq(irq_out[0] | irq_out[1] | fiq_out[0] | fiq_out[1], 0);
    g_rand_free(rand);
}
END_TEST

START_TEST(test_gicv3_decodes_system_register_encodings)
{
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 4, 6, 0), GICV3_ICC_PMR_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 12, 0), GICV3_ICC_IAR1_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 12, 1), GICV3_ICC_EOIR1_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 12, 5), GICV3_ICC_SRE_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 12, 7), GICV3_ICC_IGRPEN1_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 11, 5), GICV3_ICC_SGI1R_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 11, 1), GICV3_ICC_DIR_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 11, 3), GICV3_ICC_RPR_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 8, 3), GICV3_ICC_BPR0_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 8, 7), GICV3_ICC_AP0R3_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 9, 2), GICV3_ICC_AP1R2_EL1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 9, 4), -1);
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 4, 12, 12, 0), -1);   /* ICC_*_EL2 */
    ck_assert_int_eq(gicv3_cpuif_reg_decode(3, 0, 12, 10, 0), -1);
}
END_TEST

START_TEST(test_gicv3_rejects_bad_configurations)
{
    Error *err = NULL;
    DeviceState *dev;

    ck_assert_ptr_null(try_gicv3(0, 64, &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "num-cpu 0"));
    error_free(err);
    err = NULL;
    ck_assert_ptr_null(try_gicv3(1, 2000, &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "num-irq 2000"));
    error_free(err);
    err = NULL;

    dev = qdev_new(TYPE_ARM_GICV3);
    qdev_prop_set_uint32(dev, "num-cpu", 4);
    qdev_prop_set_uint32(dev, "len-redist-region-count", 1);
    qdev_prop_set_uint32(dev, "redist-region-count[0]", 2);
    ck_assert(!sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "hold 2 CPUs, fewer than num-cpu 4"));
    error_free(err);
    err = NULL;
    object_unref(OBJECT(dev));

    dev = qdev_new(TYPE_ARM_GICV3);
    qdev_prop_set_bit(dev, "has-lpi", true);
    ck_assert(!sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "has-lpi"));
    error_free(err);
    object_unref(OBJECT(dev));
}
END_TEST


START_TEST(test_gicv3_migrates_in_qemu_layout)
{
    uint8_t *data;
    size_t len;

    start_gicv3(2, 288);
    v3_setup_spi(48, 0xa0, 1);
    wr(0, DIST + GICD_ISENABLER + 8, 1u << 0);      /* INTID 64, routed to CPU 0 */
    qemu_set_irq(v3_spi(48), 1);
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_IAR1_EL1), 48);
    wr(0, sgi_base(0) + GICD_ISENABLER, 1u << 27);
    icc_wr(0, GICV3_ICC_BPR1_EL1, 4);
    qemu_set_irq(v3_ppi(0, 27), 1);
    ck_assert_int_eq(irq_out[0], 1);

    ck_assert(vmstate_check_description(qdev_get_vmsd(DEVICE(v3)), &error_fatal));
    ck_assert_str_eq(qdev_get_vmsd(DEVICE(v3))->name, "arm_gicv3");
    data = save_device(DEVICE(v3), &len);
    /* QEMU's "arm_gicv3" v1: distributor, 2 x "arm_gicv3_cpu", the shift-bug subsection. */
    ck_assert_uint_eq(len, 10344 + 2 * 272 + 44);

    device_cold_reset(DEVICE(v3));
    ck_assert_int_eq(irq_out[0], 0);
    ck_assert_int_eq(load_device(DEVICE(v3), data, len), 0);
    ck_assert_int_eq(irq_out[0], 1);
    ck_assert_int_eq(irq_out[1], 0);
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_RPR_EL1), 0xa0);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_BPR1_EL1), 4);
    ck_assert_uint_eq(rdq(DIST + GICD_IROUTER + 8 * 48), 1);
    ck_assert_uint_eq(rd(0, rd_base(0) + GICR_WAKER), 0);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_IAR1_EL1), 27);
    qemu_set_irq(v3_spi(48), 0);
    icc_wr(1, GICV3_ICC_EOIR1_EL1, 48);
    ck_assert_uint_eq(icc_rd(1, GICV3_ICC_RPR_EL1), 0xff);

    /* A source with the old KVM bitmap shift: INTID 64's bit means INTID 32. */
    data[len - 1] = 0;
    ck_assert_int_eq(load_device(DEVICE(v3), data, len), 0);
    ck_assert_uint_eq(rd(0, DIST + GICD_ISENABLER + 4), 1);
    ck_assert_uint_eq(rd(0, DIST + GICD_ISENABLER + 8), 0);
    g_free(data);
}
END_TEST

START_TEST(test_gicv3_hostile_stream_is_contained)
{
    GRand *rand = g_rand_new_with_seed(5);
    uint8_t *data;
    size_t len;

    start_gicv3(2, 64);
    data = save_device(DEVICE(v3), &len);
    for (size_t i = 0; i < len - 44; i++) {          /* keep the subsection framing */
        data[i] = g_rand_int(rand);
    }
    ck_assert_int_eq(load_device(DEVICE(v3), data, len), 0);
    ck_assert_uint_eq(rd(0, DIST + GICD_TYPER), 0x03780000 | 1);
    ck_assert_uint_eq(rdq(DIST + GICD_IROUTER + 8 * 40) & ~0xff00ffffffull, 0);
    ck_assert_uint_eq(icc_rd(0, GICV3_ICC_PMR_EL1) & 7, 0);
    ck_assert_uint_le(icc_rd(1, GICV3_ICC_BPR1_EL1), 7);
    for (int i = 0; i < 200; i++) {
        int cpu = i & 1;
        uint64_t iar = icc_rd(cpu, i & 2 ? GICV3_ICC_IAR1_EL1 : GICV3_ICC_IAR0_EL1);
        ck_assert(iar < 64 || iar == 1023);
        icc_wr(cpu, i & 2 ? GICV3_ICC_EOIR1_EL1 : GICV3_ICC_EOIR0_EL1, iar);
        icc_wr(cpu, GICV3_ICC_DIR_EL1, iar);
    }
    g_rand_free(rand);
    g_free(data);
}
END_TEST

static Suite *gic_suite(void)
{
    Suite *s = suite_create("gic");
    TCase *v2 = tcase_create("gicv2");
    TCase *v3tc = tcase_create("gicv3");

    tcase_add_test(v2, test_gicv2_identifies_itself);
    tcase_add_test(v2, test_gicv2_spi_reaches_only_its_target_cpu);
    tcase_add_test(v2, test_gicv2_acknowledge_activates_and_eoi_completes);
    tcase_add_test(v2, test_gicv2_level_interrupt_repends_while_line_high);
    tcase_add_test(v2, test_gicv2_edge_interrupt_latches_each_edge_once);
    tcase_add_test(v2, test_gicv2_pmr_masks_lower_priorities);
    tcase_add_test(v2, test_gicv2_higher_priority_preempts_by_group_priority);
    tcase_add_test(v2, test_gicv2_sgis_carry_their_source_cpu);
    tcase_add_test(v2, test_gicv2_ppis_are_banked_per_cpu);
    tcase_add_test(v2, test_gicv2_spurious_when_nothing_to_signal);
    tcase_add_test(v2, test_gicv2_eoimode_splits_drop_and_deactivate);
    tcase_add_test(v2, test_gicv2_groups_ackctl_and_fiq);
    tcase_add_test(v2, test_gicv2_byte_and_word_access_agree);
    tcase_add_test(v2, test_gicv2_unimplemented_interrupts_are_ignored);
    tcase_add_test(v2, test_gicv2_survives_garbage_everywhere);
    tcase_add_test(v2, test_gicv2_revision_1_has_no_groups);
    tcase_add_test(v2, test_gicv2_priority_bits_limit_registers);
    tcase_add_test(v2, test_gicv2_rejects_bad_configurations);
    tcase_add_test(v2, test_gicv2_migrates_in_qemu_layout);
    tcase_add_test(v2, test_gicv2_hostile_stream_is_contained);
    suite_add_tcase(s, v2);

    tcase_add_test(v3tc, test_gicv3_identifies_itself);
    tcase_add_test(v3tc, test_gicv3_redistributor_regions_end_with_last);
    tcase_add_test(v3tc, test_gicv3_waker_handshake);
    tcase_add_test(v3tc, test_gicv3_irouter_routes_spis_by_affinity);
    tcase_add_test(v3tc, test_gicv3_group0_signals_fiq);
    tcase_add_test(v3tc, test_gicv3_pmr_bpr_and_preemption);
    tcase_add_test(v3tc, test_gicv3_sgis_follow_affinity);
    tcase_add_test(v3tc, test_gicv3_ppis_are_banked_per_redistributor);
    tcase_add_test(v3tc, test_gicv3_edge_and_eoimode);
    tcase_add_test(v3tc, test_gicv3_survives_garbage_everywhere);
    tcase_add_test(v3tc, test_gicv3_decodes_system_register_encodings);
    tcase_add_test(v3tc, test_gicv3_rejects_bad_configurations);
    tcase_add_test(v3tc, test_gicv3_migrates_in_qemu_layout);
    tcase_add_test(v3tc, test_gicv3_hostile_stream_is_contained);
    suite_add_tcase(s, v3tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(gic_suite());
    int failed;

    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
