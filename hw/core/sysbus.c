/*
 * The main system bus and the sysbus device base type.
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"

#define SYSBUS_DEVICE_GPIO_IRQ "sysbus-irq"

/* The root of the device tree: a process singleton created on first use. */
static BusState *main_system_bus;

BusState *sysbus_get_default(void)
{
    if (!main_system_bus) {
        main_system_bus = qbus_new(TYPE_SYSTEM_BUS, NULL, "main-system-bus");
        object_property_add_child(machine_get_container("unattached"), "sysbus",
                                  OBJECT(main_system_bus));
        object_unref(main_system_bus);
        main_system_bus->realized = true;
    }
    return main_system_bus;
}

void sysbus_reset_default(void);
void sysbus_reset_default(void)
{
    /* Tests tear the machine down; the next user creates a new bus. */
    main_system_bus = NULL;
}

void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *memory)
{
    if (dev->num_mmio >= QDEV_MAX_MMIO) {
        g_error("%s: too many MMIO regions", object_get_typename(OBJECT(dev)));
    }
    dev->mmio[dev->num_mmio].addr = (hwaddr)-1;
    dev->mmio[dev->num_mmio++].memory = memory;
}

MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n)
{
    if (n < 0 || n >= dev->num_mmio) {
        g_error("%s: no MMIO region %d", object_get_typename(OBJECT(dev)), n);
    }
    return dev->mmio[n].memory;
}

bool sysbus_has_mmio(SysBusDevice *dev, unsigned int n)
{
    return n < (unsigned)dev->num_mmio;
}

static void sysbus_mmio_map_common(SysBusDevice *dev, int n, hwaddr addr, bool may_overlap,
                                   int priority)
{
    MemoryRegion *mr = sysbus_mmio_get_region(dev, n);

    if (dev->mmio[n].addr == addr) {
        return;
    }
    if (dev->mmio[n].addr != (hwaddr)-1) {
        memory_region_del_subregion(get_system_memory(), mr);
    }
    dev->mmio[n].addr = addr;
    if (may_overlap) {
        memory_region_add_subregion_overlap(get_system_memory(), addr, mr, priority);
    } else {
        memory_region_add_subregion(get_system_memory(), addr, mr);
    }
}

void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr)
{
    sysbus_mmio_map_common(dev, n, addr, false, 0);
}

void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr, int priority)
{
    sysbus_mmio_map_common(dev, n, addr, true, priority);
}

void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p)
{
    qdev_init_gpio_out_named(DEVICE(dev), p, SYSBUS_DEVICE_GPIO_IRQ, 1);
}

void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq)
{
    qdev_connect_gpio_out_named(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ, n, irq);
}

bool sysbus_realize(SysBusDevice *dev, Error **errp)
{
    return qdev_realize(DEVICE(dev), sysbus_get_default(), errp);
}

bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), sysbus_get_default(), errp);
}

DeviceState *sysbus_create_simple(const char *name, hwaddr addr, qemu_irq irq)
{
    DeviceState *dev = qdev_new(name);
    SysBusDevice *s = SYS_BUS_DEVICE(dev);

    sysbus_realize_and_unref(s, &error_fatal);
    if (addr != (hwaddr)-1) {
        sysbus_mmio_map(s, 0, addr);
    }
    if (irq) {
        sysbus_connect_irq(s, 0, irq);
    }
    return dev;
}

static void sysbus_print_dev(GString *out, DeviceState *dev, int indent)
{
    SysBusDevice *s = SYS_BUS_DEVICE(dev);

    for (int i = 0; i < s->num_mmio; i++) {
        g_string_append_printf(out, "%*smmio " "%016" PRIx64 "/%016" PRIx64 "\n", indent, "",
                               s->mmio[i].addr, memory_region_size(s->mmio[i].memory));
    }
}

static void system_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);
    bc->print_dev = sysbus_print_dev;
    /* No get_dev_path: sysbus devices have no bus address (see seed 000). */
}

static void sysbus_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->bus_type = TYPE_SYSTEM_BUS;
    /* Board code maps sysbus devices; users cannot place them. */
    dc->user_creatable = false;
}

static const TypeInfo sysbus_types[] = {
    {
        .name = TYPE_SYSTEM_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = system_bus_class_init,
    },
    {
        .name = TYPE_SYS_BUS_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(SysBusDevice),
        .abstract = true,
        .class_size = sizeof(SysBusDeviceClass),
        .class_init = sysbus_device_class_init,
    },
};

DEFINE_TYPES(sysbus_types)
