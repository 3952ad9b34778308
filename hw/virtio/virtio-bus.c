/*
 * The abstract virtio bus shared by every virtio transport.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-bus.h"
#include "hw/virtio/virtio.h"

DeviceState *virtio_bus_get_device(VirtioBusState *bus)
{
    BusState *qbus = BUS(bus);
    return qbus->children ? ((BusChild *)qbus->children->data)->child : NULL;
}

void virtio_bus_class_set_ops(VirtioBusClass *k, const VirtioBusOps *ops)
{
    k->ops = ops;
}

char *virtio_bus_get_dev_path(DeviceState *dev)
{
    /* Virtio has no addresses of its own: ask the transport's parent bus. */
    DeviceState *proxy = dev->parent_bus->parent;
    return qdev_get_dev_path(proxy);
}

static void virtio_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);
    bc->get_dev_path = virtio_bus_get_dev_path;
    /* One device per transport. */
    bc->max_dev = 1;
}

static const TypeInfo virtio_bus_info = {
    .name = TYPE_VIRTIO_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(VirtioBusState),
    .abstract = true,
    .class_size = sizeof(VirtioBusClass),
    .class_init = virtio_bus_class_init,
};

static void virtio_bus_register_types(void)
{
    type_register_static(&virtio_bus_info);
}

type_init(virtio_bus_register_types)
