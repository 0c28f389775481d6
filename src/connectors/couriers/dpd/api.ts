import { z } from 'zod';

/** Wire shapes of DPD answers after XML parsing (all leaf values are strings). Lenient on purpose. */

const text = z.string();
const optText = z.string().optional();

export const ServiceCost = z
  .object({ serviceCode: text, serviceName: optText, cost: text, days: optText })
  .passthrough();
export const ServiceCostResponse = z.object({ return: z.array(ServiceCost).default([]) }).passthrough();

export const OrderStatus = z
  .object({ orderNumberInternal: optText, orderNum: optText, status: text, errorMessage: optText })
  .passthrough();
export type OrderStatus = z.infer<typeof OrderStatus>;
export const OrderStatusResponse = z.object({ return: z.array(OrderStatus).min(1) }).passthrough();

export const StateParcel = z
  .object({
    clientOrderNr: optText,
    dpdOrderNr: optText,
    dpdParcelNr: optText,
    newState: text,
    transitionTime: text,
    terminalCity: optText,
    isReturn: optText,
    incidentName: optText,
  })
  .passthrough();
export type StateParcel = z.infer<typeof StateParcel>;
export const StatesResponse = z
  .object({
    return: z
      .array(z.object({ docId: optText, resultComplete: optText, states: z.array(StateParcel).default([]) }).passthrough())
      .default([]),
  })
  .passthrough();
