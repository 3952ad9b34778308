/*
 * The virtio bus: the link between a virtio transport (virtio-mmio,
 * virtio-pci proxy) and the one virtio device plugged into it.
 */
#ifndef HW_VIRTIO_BUS_H
#define HW_VIRTIO_BUS_H

#include "hw/qdev-core.h"

#define TYPE_VIRTIO_BUS "virtio-bus"
OBJECT_DECLARE_TYPE(VirtioBusState, VirtioBusClass, VIRTIO_BUS)

struct VirtioBusOps;

struct VirtioBusClass {
    BusClass parent_class;
    /* The transport's hooks (see VirtioBusOps in virtio.h); NULL: none. */
    const struct VirtioBusOps *ops;
};

struct VirtioBusState {
    BusState parent_obj;
};

/* The device on the bus, or NULL when the transport is empty. */
DeviceState *virtio_bus_get_device(VirtioBusState *bus);
/*
 * Device path of a virtio device: the transport proxy's own path as its
 * parent bus formats it (PCI address for virtio-pci; NULL on sysbus).
 */
char *virtio_bus_get_dev_path(DeviceState *dev);

#endif
