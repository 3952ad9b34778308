/*
 * GICv2m MSI frame: MSI_TYPER tells the guest which SPIs it owns, a write of
 * an INTID to MSI_SETSPI_NS pulses that SPI.  Nothing else: no state, no
 * migration section (as on QEMU).
 */
#include "qemu/osdep.h"
#include "hw/intc/arm_gicv2m.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "qemu/log.h"

#define GIC_SPI_INTID_BASE 32
#define GIC_MAX_INTID 1020
/* MSI_IIDR: product id 'Q' (QEMU's), no implementer, revision 0. */
#define GICV2M_PRODUCT_ID_QEMU 0x51

static uint64_t gicv2m_read(void *opaque, hwaddr offset, unsigned size)
{
    ARMGICv2mState *s = opaque;

    switch (offset) {
    case GICV2M_MSI_TYPER:
        /* The base is an INTID: SPI n is INTID 32 + n. */
        return (uint64_t)(s->base_spi + GIC_SPI_INTID_BASE) << 16 | s->num_spi;
    case GICV2M_MSI_IIDR:
        return GICV2M_PRODUCT_ID_QEMU << 20;
    default:
        /* The identification registers 0xfd0..0xffc and the rest read as zero. */
        return 0;
    }
}

static void gicv2m_write(void *opaque, hwaddr offset, uint64_t value, unsigned size)
{
    ARMGICv2mState *s = opaque;
    uint32_t intid = value & 0x3ff;
    uint32_t first = s->base_spi + GIC_SPI_INTID_BASE;

    if (offset != GICV2M_MSI_SETSPI_NS) {
        qemu_log_mask(LOG_GUEST_ERROR, "gicv2m: write to read-only offset 0x%03" PRIx64 "\n",
                      (uint64_t)offset);
        return;
    }
    if (intid < first || intid - first >= s->num_spi) {
        qemu_log_mask(LOG_GUEST_ERROR, "gicv2m: MSI to INTID %u outside this frame's "
                      "%u..%u, ignored\n", intid, first, first + s->num_spi - 1);
        return;
    }
    qemu_irq_pulse(s->spi[intid - first]);
}

static const MemoryRegionOps gicv2m_ops = {
    .read = gicv2m_read,
    .write = gicv2m_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* Devices may send 16-bit MSI data; the frame's registers are 32 bits wide. */
    .valid = { .min_access_size = 2, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void gicv2m_realize(DeviceState *dev, Error **errp)
{
    ARMGICv2mState *s = ARM_GICV2M(dev);

    if (s->num_spi < 1 || s->num_spi > GICV2M_MAX_SPIS) {
        error_setg(errp, "requested %u SPIs exceeds GICv2m frame maximum %d", s->num_spi,
                   GICV2M_MAX_SPIS);
        return;
    }
    if (s->base_spi + GIC_SPI_INTID_BASE + s->num_spi > GIC_MAX_INTID) {
        error_setg(errp, "requested base SPI %u+%u exceeds max. number 1020",
                   s->base_spi + GIC_SPI_INTID_BASE, s->num_spi);
        return;
    }
    for (uint32_t i = 0; i < s->num_spi; i++) {
        sysbus_init_irq(SYS_BUS_DEVICE(dev), &s->spi[i]);
    }
}

static void gicv2m_instance_init(Object *obj)
{
    ARMGICv2mState *s = ARM_GICV2M(obj);

    memory_region_init_io(&s->iomem, obj, &gicv2m_ops, s, "gicv2m", GICV2M_FRAME_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
}

static Property gicv2m_properties[] = {
    DEFINE_PROP_UINT32("base-spi", ARMGICv2mState, base_spi, 0),
    DEFINE_PROP_UINT32("num-spi", ARMGICv2mState, num_spi, 64),
    DEFINE_PROP_END_OF_LIST(),
};

static void gicv2m_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = gicv2m_realize;
    dc->desc = "GICv2m MSI frame";
    device_class_set_props(dc, gicv2m_properties);
}

static const TypeInfo gicv2m_types[] = {
    {
        .name = TYPE_ARM_GICV2M,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(ARMGICv2mState),
        .instance_init = gicv2m_instance_init,
        .class_init = gicv2m_class_init,
    },
};
DEFINE_TYPES(gicv2m_types)
